// The engine's CodeBuild through the AWS SDK, with the project and buildspec Ferry creates (the same ones the
// generated CloudFormation gives AWS): a build of the demo's inference context goes through CodeBuild's phases,
// logs to /aws/codebuild/<project>, and pushes a content-addressed image into the engine's ECR; what the engine
// cannot build fails the right phase with its reason; crafted requests are refused and change nothing.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  BatchGetBuildsCommand,
  BatchGetProjectsCommand,
  type Build,
  CodeBuildClient,
  CreateProjectCommand,
  ListBuildsForProjectCommand,
  StartBuildCommand,
  StopBuildCommand,
  UpdateProjectCommand,
} from "@aws-sdk/client-codebuild";
import { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeImagesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE_PLACEHOLDERS } from "@/lib/environments/embedded";
import { IMAGE_BUILD_PROJECT, imageBuildProject } from "@/lib/pipelines/build-project";
import { makeTempDir, startTestEngine, TEST_ACCOUNT, type TestEngine, WRONG_CREDENTIALS } from "../engine/harness";
import { registerCustomImage, uploadDir } from "../engine/legacy-model";

const BUCKET = "builds";
const DEMO_CONTEXT = path.resolve("prisma/demo/churn/inference-image");
const REPOSITORY_URI = `${TEST_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy`;

let dataDir: string;
let engine: TestEngine;
let codebuild: CodeBuildClient;
let ecr: ECRClient;
let logs: CloudWatchLogsClient;

const variables = (repository: string, tag: string) => [
  { name: "IMAGE_REPO_NAME", value: repository, type: "PLAINTEXT" as const },
  { name: "IMAGE_TAG", value: tag, type: "PLAINTEXT" as const },
];

async function put(key: string, body: string | Buffer): Promise<void> {
  await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

/** Starts a build of an S3 folder and waits until it is complete. */
async function build(folder: string, repository = "churn-legacy", tag = "1.0", extra: Record<string, unknown> = {}): Promise<Build> {
  const started = await codebuild.send(new StartBuildCommand({ projectName: IMAGE_BUILD_PROJECT, sourceLocationOverride: `${BUCKET}/${folder}`, environmentVariablesOverride: variables(repository, tag), ...extra }));
  return waitFor(started.build?.id ?? "");
}

async function waitFor(id: string): Promise<Build> {
  for (let i = 0; i < 300; i++) {
    const { builds } = await codebuild.send(new BatchGetBuildsCommand({ ids: [id] }));
    const found = builds?.[0];
    if (found?.buildComplete) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`build ${id} did not complete`);
}

async function logOf(found: Build): Promise<string> {
  const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: found.logs?.groupName, logStreamName: found.logs?.streamName, startFromHead: true }));
  return (events ?? []).map((e) => e.message).join("\n");
}

const failedPhase = (found: Build) => found.phases?.find((p) => p.phaseStatus && p.phaseStatus !== "SUCCEEDED");

beforeAll(async () => {
  dataDir = await makeTempDir("codebuild");
  engine = await startTestEngine({ dataDir });
  codebuild = new CodeBuildClient(engine.clientConfig());
  ecr = new ECRClient(engine.clientConfig());
  logs = new CloudWatchLogsClient(engine.clientConfig());
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await uploadDir(engine.s3, DEMO_CONTEXT, BUCKET, "ferry/build-contexts/demo/");
  await codebuild.send(new CreateProjectCommand(imageBuildProject({ account: ENGINE_PLACEHOLDERS.accountId, bucket: BUCKET })));
});

afterAll(async () => {
  for (const client of [codebuild, ecr, logs]) client?.destroy();
  await engine?.close();
});

describe("CodeBuild in the engine: an image build", () => {
  it("goes through CodeBuild's phases, logs to /aws/codebuild/<project> and pushes the image by digest to ECR", async () => {
    const done = await build("ferry/build-contexts/demo/");
    expect(done.buildStatus).toBe("SUCCEEDED");
    expect(done.id).toMatch(new RegExp(`^${IMAGE_BUILD_PROJECT}:[0-9a-f-]{36}$`));
    expect(done.arn).toBe(`arn:aws:codebuild:us-east-1:${TEST_ACCOUNT}:build/${done.id}`);
    expect(done.phases?.map((p) => p.phaseType)).toEqual(["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"]);
    expect(done.phases?.slice(0, -1).every((p) => p.phaseStatus === "SUCCEEDED" && p.durationInSeconds !== undefined && p.endTime !== undefined)).toBe(true);
    expect(done.phases?.at(-1)).toMatchObject({ phaseType: "COMPLETED" });
    expect(done.phases?.at(-1)?.phaseStatus).toBeUndefined();
    expect(done.logs).toMatchObject({ groupName: `/aws/codebuild/${IMAGE_BUILD_PROJECT}`, streamName: done.id?.split(":")[1] });

    const digest = done.exportedEnvironmentVariables?.find((v) => v.name === "IMAGE_DIGEST")?.value ?? "";
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "churn-legacy", imageIds: [{ imageTag: "1.0" }] }));
    expect(imageDetails?.[0]).toMatchObject({ imageDigest: digest, imageTags: ["1.0"] });

    const text = await logOf(done);
    expect(text).toMatch(/^\[Container\] \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{6} Entering phase DOWNLOAD_SOURCE$/m);
    expect(text).toContain("Step 1 : FROM python:3.11-slim");
    expect(text).toContain(" ---> skipped: not executed here: its packages must already exist on the host's Python (Dockerfile line 5)");
    expect(text).toContain(`The push refers to repository [${REPOSITORY_URI}]`);
    expect(text).toContain(`1.0: digest: ${digest}`);
    expect(text).toContain("Phase complete: POST_BUILD State: SUCCEEDED");
  });

  it("is content-addressed: the same context gives the same digest, as registering it does; another context another digest", async () => {
    await uploadDir(engine.s3, DEMO_CONTEXT, BUCKET, "ferry/build-contexts/again/");
    const again = await build("ferry/build-contexts/again/", "churn-legacy", "1.0-again");
    const first = await build("ferry/build-contexts/demo/");
    const digestOf = (b: Build) => b.exportedEnvironmentVariables?.find((v) => v.name === "IMAGE_DIGEST")?.value;
    expect(digestOf(again)).toBe(digestOf(first));
    await registerCustomImage(engine.endpoint, `${TEST_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/registered:1`, `s3://${BUCKET}/ferry/build-contexts/demo/`);
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "registered", imageIds: [{ imageTag: "1" }] }));
    expect(imageDetails?.[0]?.imageDigest).toBe(digestOf(first));

    const dockerfile = (await readFile(path.join(DEMO_CONTEXT, "Dockerfile"), "utf8")).replace("CHURN_BIAS=-0.9", "CHURN_BIAS=-0.5");
    await uploadDir(engine.s3, DEMO_CONTEXT, BUCKET, "ferry/build-contexts/tuned/");
    await put("ferry/build-contexts/tuned/Dockerfile", dockerfile);
    const tuned = await build("ferry/build-contexts/tuned/", "churn-legacy", "1.1");
    expect(digestOf(tuned)).toMatch(/^sha256:/);
    expect(digestOf(tuned)).not.toBe(digestOf(first));
  });

  it("fails BUILD with the Dockerfile's line when the engine cannot reproduce it, and pushes nothing", async () => {
    await put("ferry/build-contexts/from/Dockerfile", "FROM python:3.11 AS deps\nRUN pip wheel x\nFROM python:3.11-slim\nCOPY --from=deps /wheels /wheels\nCMD [\"python3\"]\n");
    const done = await build("ferry/build-contexts/from/", "refused", "1");
    expect(done.buildStatus).toBe("FAILED");
    expect(done.currentPhase).toBe("COMPLETED");
    expect(failedPhase(done)).toMatchObject({ phaseType: "BUILD", phaseStatus: "FAILED", contexts: [{ statusCode: "COMMAND_EXECUTION_ERROR", message: expect.stringContaining("Dockerfile line 4: COPY --from") }] });
    // CodeBuild goes on to FINALIZING after an aborted phase; nothing between ran.
    expect(done.phases?.map((p) => p.phaseType)).toEqual(["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "FINALIZING", "COMPLETED"]);
    expect(await logOf(done)).toContain("Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: docker build. Reason: Dockerfile line 4");
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: "refused" }))).rejects.toMatchObject({ name: "RepositoryNotFoundException" });
  });

  it("fails the phase that cannot go on: no IMAGE_REPO_NAME (PRE_BUILD), no privileged mode (BUILD), a zip or an empty folder (DOWNLOAD_SOURCE), a bad buildspec", async () => {
    const noRepo = await codebuild.send(new StartBuildCommand({ projectName: IMAGE_BUILD_PROJECT, sourceLocationOverride: `${BUCKET}/ferry/build-contexts/demo/` }));
    expect(failedPhase(await waitFor(noRepo.build?.id ?? ""))).toMatchObject({ phaseType: "PRE_BUILD", contexts: [{ message: expect.stringContaining("IMAGE_REPO_NAME ''") }] });
    expect(failedPhase(await build("ferry/build-contexts/demo/", "churn-legacy", "x", { privilegedModeOverride: false }))).toMatchObject({ phaseType: "BUILD", contexts: [{ message: expect.stringContaining("Cannot connect to the Docker daemon") }] });
    expect(failedPhase(await build("ferry/build-contexts/demo.zip"))).toMatchObject({ phaseType: "DOWNLOAD_SOURCE", contexts: [{ statusCode: "CLIENT_ERROR", message: expect.stringContaining("does not unpack the archive") }] });
    expect(failedPhase(await build("ferry/build-contexts/nothing-here/"))).toMatchObject({ phaseType: "DOWNLOAD_SOURCE", contexts: [{ statusCode: "CLIENT_ERROR", message: expect.stringContaining("no objects under") }] });
    expect(failedPhase(await build("ferry/build-contexts/demo/", "churn-legacy", "y", { buildspecOverride: "version: 0.1\nphases: {}\n" }))).toMatchObject({ phaseType: "DOWNLOAD_SOURCE", contexts: [{ statusCode: "YAML_FILE_ERROR" }] });
    expect(failedPhase(await build("ferry/build-contexts/demo/", "churn-legacy", "z", { buildspecOverride: "version: 0.2\nphases:\n  build:\n    commands: [make test]\n" }))).toMatchObject({ phaseType: "PRE_BUILD", contexts: [{ message: expect.stringContaining("runs no docker build") }] });
  });

  it("honours an idempotency token: the same request gives the same build, other parameters are refused", async () => {
    const request = { projectName: IMAGE_BUILD_PROJECT, sourceLocationOverride: `${BUCKET}/ferry/build-contexts/demo/`, environmentVariablesOverride: variables("churn-legacy", "idem"), idempotencyToken: "ferry-build-1" };
    const first = await codebuild.send(new StartBuildCommand(request));
    const again = await codebuild.send(new StartBuildCommand(request));
    expect(again.build?.id).toBe(first.build?.id);
    await expect(codebuild.send(new StartBuildCommand({ ...request, environmentVariablesOverride: variables("churn-legacy", "other") }))).rejects.toMatchObject({ name: "InvalidInputException" });
    await waitFor(first.build?.id ?? "");
  });

  it("stops a queued build (STOPPED) and answers StopBuild of a finished one unchanged", async () => {
    const many = Array.from({ length: 300 }, (_, i) => put(`ferry/build-contexts/large/file-${i}.txt`, `${i}\n`));
    await Promise.all([...many, uploadDir(engine.s3, DEMO_CONTEXT, BUCKET, "ferry/build-contexts/large/")]);
    const start = (tag: string) => codebuild.send(new StartBuildCommand({ projectName: IMAGE_BUILD_PROJECT, sourceLocationOverride: `${BUCKET}/ferry/build-contexts/large/`, environmentVariablesOverride: variables("large", tag) }));
    const running = [await start("a"), await start("b")];
    const queued = await start("c");
    const stopped = await codebuild.send(new StopBuildCommand({ id: queued.build?.id }));
    expect(stopped.build).toMatchObject({ buildStatus: "STOPPED", currentPhase: "COMPLETED" });
    expect(failedPhase(stopped.build ?? {})).toMatchObject({ phaseType: "QUEUED", phaseStatus: "STOPPED" });
    const finished = await waitFor(running[0]?.build?.id ?? "");
    await waitFor(running[1]?.build?.id ?? "");
    const again = await codebuild.send(new StopBuildCommand({ id: finished.id }));
    expect(again.build?.buildStatus).toBe("SUCCEEDED");
  });

  it("lists a project's builds newest first (or oldest first), and finds projects by name or ARN", async () => {
    const newest = await codebuild.send(new ListBuildsForProjectCommand({ projectName: IMAGE_BUILD_PROJECT }));
    const oldest = await codebuild.send(new ListBuildsForProjectCommand({ projectName: IMAGE_BUILD_PROJECT, sortOrder: "ASCENDING" }));
    expect(newest.ids?.length).toBeGreaterThan(5);
    expect(oldest.ids).toEqual([...(newest.ids ?? [])].reverse());
    const { builds } = await codebuild.send(new BatchGetBuildsCommand({ ids: [oldest.ids?.[0] ?? "", "ferry-image-build:missing"] }));
    expect(builds?.[0]?.buildNumber).toBe(1);
    const arn = `arn:aws:codebuild:us-east-1:${TEST_ACCOUNT}:project/${IMAGE_BUILD_PROJECT}`;
    const found = await codebuild.send(new BatchGetProjectsCommand({ names: [IMAGE_BUILD_PROJECT, arn, "nope"] }));
    expect(found.projects?.map((p) => p.arn)).toEqual([arn, arn]);
    expect(found.projectsNotFound).toEqual(["nope"]);
  });

  it("updates a project; builds started after it use the new settings", async () => {
    const updated = await codebuild.send(new UpdateProjectCommand({ name: IMAGE_BUILD_PROJECT, timeoutInMinutes: 20, description: "tuned" }));
    expect(updated.project).toMatchObject({ timeoutInMinutes: 20, description: "tuned", source: { type: "S3" } });
    expect(updated.project?.lastModified?.getTime()).toBeGreaterThan(updated.project?.created?.getTime() ?? Infinity);
    expect((await build("ferry/build-contexts/demo/")).timeoutInMinutes).toBe(20);
  });

  it("a build the engine shut down under ends FAULT, and stays so after a restart", async () => {
    const started = await codebuild.send(new StartBuildCommand({ projectName: IMAGE_BUILD_PROJECT, sourceLocationOverride: `${BUCKET}/ferry/build-contexts/large/`, environmentVariablesOverride: variables("large", "restart") }));
    codebuild.destroy();
    await engine.close();
    engine = await startTestEngine({ dataDir });
    codebuild = new CodeBuildClient(engine.clientConfig());
    const { builds } = await codebuild.send(new BatchGetBuildsCommand({ ids: [started.build?.id ?? ""] }));
    const found = builds?.[0] ?? {};
    expect(found).toMatchObject({ buildStatus: "FAULT", buildComplete: true, currentPhase: "COMPLETED" });
    expect(failedPhase(found)?.contexts?.[0]?.message).toBe("the engine shut down while the build was running; start it again");
  });

  it("a build a crash left IN_PROGRESS on disk ends FAULT at the next start, naming the restart", async () => {
    const done = await build("ferry/build-contexts/demo/", "churn-legacy", "crash");
    // What a kill -9 during BUILD leaves: the record as it was written on entering the phase.
    const file = path.join(dataDir, "codebuild", "builds", `${createHash("sha256").update(done.id ?? "").digest("hex")}.json`);
    const record = JSON.parse(await readFile(file, "utf8")) as { buildStatus: string; currentPhase: string; phases: { phaseType: string; phaseStatus?: string; endTime?: number }[]; endTime?: number };
    const building = record.phases.findIndex((p) => p.phaseType === "BUILD");
    record.phases = record.phases.slice(0, building + 1).map((p, i) => (i === building ? { phaseType: p.phaseType, startTime: Date.now() } : p)) as typeof record.phases;
    Object.assign(record, { buildStatus: "IN_PROGRESS", currentPhase: "BUILD", endTime: undefined });
    codebuild.destroy();
    await engine.close();
    await writeFile(file, JSON.stringify(record));
    engine = await startTestEngine({ dataDir });
    codebuild = new CodeBuildClient(engine.clientConfig());
    const recovered = (await codebuild.send(new BatchGetBuildsCommand({ ids: [done.id ?? ""] }))).builds?.[0] ?? {};
    expect(recovered).toMatchObject({ buildStatus: "FAULT", currentPhase: "COMPLETED", buildComplete: true });
    expect(failedPhase(recovered)).toMatchObject({ phaseType: "BUILD", phaseStatus: "FAULT", contexts: [{ message: "the engine restarted while the build was running; start it again" }] });
  });
});

describe("CodeBuild in the engine: refusals change nothing", () => {
  it("refuses unsigned and foreign-signed requests", async () => {
    const stranger = new CodeBuildClient(engine.clientConfig(WRONG_CREDENTIALS));
    await expect(stranger.send(new StartBuildCommand({ projectName: IMAGE_BUILD_PROJECT }))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    stranger.destroy();
  });

  it("refuses what it cannot honour, with CodeBuild's errors: other sources, artifacts, secrets, roles of other accounts, unknown members", async () => {
    const project = imageBuildProject({ account: ENGINE_PLACEHOLDERS.accountId, bucket: BUCKET });
    const refused = async (input: Record<string, unknown>, message: RegExp | string) =>
      expect(codebuild.send(new CreateProjectCommand({ ...project, name: "refused-project", ...input }))).rejects.toMatchObject({ name: "InvalidInputException", message: expect.stringMatching(message) });
    await refused({ source: { type: "GITHUB", location: "https://github.com/x/y" } }, /S3 sources/);
    await refused({ artifacts: { type: "S3", location: "b" } }, /NO_ARTIFACTS/);
    await refused({ environment: { ...project.environment, environmentVariables: [{ name: "TOKEN", value: "/p", type: "PARAMETER_STORE" }] } }, /Parameter Store/);
    await refused({ serviceRole: "arn:aws:iam::123456789012:role/other" }, /account ID does not match/);
    await refused({ cache: { type: "LOCAL", modes: ["LOCAL_DOCKER_LAYER_CACHE"] } }, /does not support cache/);
    await expect(codebuild.send(new CreateProjectCommand({ ...project, name: "bad name!" }))).rejects.toMatchObject({ name: "ValidationException" });
    await expect(codebuild.send(new CreateProjectCommand(project))).rejects.toMatchObject({ name: "ResourceAlreadyExistsException" });
    const { projectsNotFound } = await codebuild.send(new BatchGetProjectsCommand({ names: ["refused-project"] }));
    expect(projectsNotFound).toEqual(["refused-project"]);
    await expect(codebuild.send(new StartBuildCommand({ projectName: "nope" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(codebuild.send(new StartBuildCommand({ projectName: IMAGE_BUILD_PROJECT, secondarySourcesOverride: [{ type: "S3", location: "b/x/" }] }))).rejects.toMatchObject({ name: "InvalidInputException" });
    await expect(codebuild.send(new StopBuildCommand({ id: "no-colon" }))).rejects.toMatchObject({ name: "InvalidInputException" });
    await expect(codebuild.send(new StopBuildCommand({ id: `${IMAGE_BUILD_PROJECT}:nope` }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("reads sources only from its own S3: a location climbing out of the bucket finds nothing", async () => {
    const done = await build("../../etc/");
    expect(failedPhase(done)).toMatchObject({ phaseType: "DOWNLOAD_SOURCE", phaseStatus: "FAILED" });
    const leaked = await build("ferry/build-contexts/demo/../../../../etc/");
    expect(leaked.buildStatus).toBe("FAILED");
  });
});

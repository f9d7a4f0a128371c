// CodeBuild in the engine through Debian's AWS CLI (its own botocore), as a user would type it: Ferry's image-build
// project (the one the generated CloudFormation creates) from a JSON file, a build of the demo's inference context
// with IMAGE_REPO_NAME and IMAGE_TAG, its phases, its log with `aws logs`, its image with `aws ecr`. Each test names
// the AWS document it follows.
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE_PLACEHOLDERS } from "@/lib/environments/embedded";
import { IMAGE_BUILD_PROJECT, imageBuildProject } from "@/lib/pipelines/build-project";
import { makeTempDir, startTestEngine, TEST_CREDENTIALS, TEST_REGION, type TestEngine } from "../harness";
import { uploadDir } from "../legacy-model";

/** Debian's AWS CLI; the `aws` first on PATH on these machines is a different (pyenv) shim. */
const AWS = "/usr/bin/aws";
const BUCKET = "cli-codebuild";

let engine: TestEngine;
let workDir = "";

type Build = { id: string; buildStatus: string; buildComplete: boolean; phases: { phaseType: string; phaseStatus?: string; contexts?: { statusCode: string; message: string }[] }[]; logs: { groupName: string; streamName: string }; exportedEnvironmentVariables?: { name: string; value: string }[] };

async function aws(...args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(AWS, ["--endpoint-url", engine.endpoint, "--output", "json", ...args], {
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: workDir,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: TEST_REGION,
        AWS_PAGER: "",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

async function json<T>(...args: string[]): Promise<T> {
  const outcome = await aws(...args);
  if (!outcome.ok) throw new Error(`aws ${args.join(" ")} failed: ${outcome.stderr}`);
  return JSON.parse(outcome.stdout) as T;
}

async function buildOf(folder: string, tag: string): Promise<Build> {
  const { build } = await json<{ build: Build }>("codebuild", "start-build", "--project-name", IMAGE_BUILD_PROJECT, "--source-location-override", `${BUCKET}/${folder}`, "--environment-variables-override", "name=IMAGE_REPO_NAME,value=cli-image", `name=IMAGE_TAG,value=${tag}`);
  for (let i = 0; i < 100; i++) {
    const { builds } = await json<{ builds: Build[] }>("codebuild", "batch-get-builds", "--ids", build.id);
    if (builds[0]?.buildComplete) return builds[0];
  }
  throw new Error(`build ${build.id} did not complete`);
}

describe("CodeBuild through the AWS CLI", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    workDir = await makeTempDir("codebuild-awscli");
    expect((await aws("s3api", "create-bucket", "--bucket", BUCKET)).ok).toBe(true);
    await uploadDir(engine.s3, path.resolve("prisma/demo/churn/inference-image"), BUCKET, "ferry/build-contexts/demo/");
    await writeFile(path.join(workDir, "Dockerfile"), "FROM python:3.11-slim\n\nCOPY missing.py /app/\nCMD [\"python3\"]\n");
    expect((await aws("s3", "cp", path.join(workDir, "Dockerfile"), `s3://${BUCKET}/ferry/build-contexts/broken/Dockerfile`)).ok).toBe(true);
  });
  afterAll(async () => {
    await engine?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("CodeBuild API Reference, CreateProject: Ferry's image-build project from --cli-input-json", async () => {
    const file = path.join(workDir, "project.json");
    await writeFile(file, JSON.stringify(imageBuildProject({ account: ENGINE_PLACEHOLDERS.accountId, bucket: BUCKET })));
    const { project } = await json<{ project: { arn: string; environment: { privilegedMode: boolean } } }>("codebuild", "create-project", "--cli-input-json", `file://${file}`);
    expect(project).toMatchObject({ arn: `arn:aws:codebuild:us-east-1:000000000000:project/${IMAGE_BUILD_PROJECT}`, environment: { privilegedMode: true } });
    expect((await aws("codebuild", "create-project", "--cli-input-json", `file://${file}`)).stderr).toContain("(ResourceAlreadyExistsException)");
  });

  it("CodeBuild User Guide, Docker sample: start-build with IMAGE_REPO_NAME and IMAGE_TAG pushes the image; ECR and CloudWatch Logs show it", async () => {
    const build = await buildOf("ferry/build-contexts/demo/", "1.0");
    expect(build.buildStatus).toBe("SUCCEEDED");
    const digest = build.exportedEnvironmentVariables?.find((v) => v.name === "IMAGE_DIGEST")?.value;
    const { imageDetails } = await json<{ imageDetails: { imageDigest: string; imageTags: string[] }[] }>("ecr", "describe-images", "--repository-name", "cli-image");
    expect(imageDetails).toEqual([expect.objectContaining({ imageDigest: digest, imageTags: ["1.0"] })]);
    const { events } = await json<{ events: { message: string }[] }>("logs", "get-log-events", "--log-group-name", build.logs.groupName, "--log-stream-name", build.logs.streamName, "--start-from-head");
    const text = events.map((e) => e.message).join("\n");
    expect(text).toContain("Entering phase POST_BUILD");
    expect(text).toContain(`1.0: digest: ${digest}`);
    const { ids } = await json<{ ids: string[] }>("codebuild", "list-builds-for-project", "--project-name", IMAGE_BUILD_PROJECT);
    expect(ids).toEqual([build.id]);
  });

  it("CodeBuild API Reference, BuildPhase: a Dockerfile the engine cannot build fails BUILD, its context naming the line", async () => {
    const build = await buildOf("ferry/build-contexts/broken/", "broken");
    expect(build.buildStatus).toBe("FAILED");
    const failed = build.phases.find((p) => p.phaseStatus === "FAILED");
    expect(failed?.phaseType).toBe("BUILD");
    expect(failed?.contexts?.[0]).toEqual({ statusCode: "COMMAND_EXECUTION_ERROR", message: expect.stringContaining("Dockerfile line 3: COPY missing.py: no such file in the build context") });
  });

  it("CodeBuild API Reference, StopBuild and StartBuild errors: ResourceNotFoundException, InvalidInputException", async () => {
    expect((await aws("codebuild", "stop-build", "--id", `${IMAGE_BUILD_PROJECT}:missing`)).stderr).toContain("(ResourceNotFoundException)");
    expect((await aws("codebuild", "start-build", "--project-name", "no-such-project")).stderr).toContain("(ResourceNotFoundException)");
    expect((await aws("codebuild", "start-build", "--project-name", IMAGE_BUILD_PROJECT, "--environment-variables-override", "name=SECRET,value=/x,type=PARAMETER_STORE")).stderr).toContain("(InvalidInputException)");
  });
}, 120_000);

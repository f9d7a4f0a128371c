// Image builds in embedded mode, end to end against a real engine and PostgreSQL: the demo's inference context
// built by the engine's CodeBuild through Ferry's job, its image registered by the digest that was pushed, and the
// demo run on that digest. A rebuild of the same bytes changes nothing; other bytes make a new version that voids
// the approval until someone approves again. Refused requests change nothing; a failing build says where it failed.
import { BatchGetBuildsCommand, CodeBuildClient, ListBuildsForProjectCommand, StartBuildCommand } from "@aws-sdk/client-codebuild";
import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { requestImageBuild } from "@/lib/catalog/images/build/request";
import { imageBuildLogQuery, imageBuildQuery } from "@/lib/catalog/images/build/queries";
import { buildStep } from "@/lib/catalog/images/build/follow";
import { stopImageBuild } from "@/lib/catalog/images/build/stop";
import { createImage } from "@/lib/catalog/images/commands";
import { executeCommand } from "@/lib/commands/command";
import { executeQuery } from "@/lib/commands/query";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { DEMO_MODEL } from "@/lib/demo/model";
import { seedDemo } from "@/lib/demo/seed";
import { requestDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy } from "@/lib/deployments/deploy";
import { observeRequests, type ObservedRequest } from "@/lib/engine/models";
import { EMBEDDED_BUCKET, EMBEDDED_ENVIRONMENT } from "@/lib/environments/embedded";
import { IMAGE_BUILD_PROJECT } from "@/lib/pipelines/build-project";
import { startRun } from "@/lib/runs/operations";
import { ensureBucket } from "@/lib/storage/objects";
import { seedDemoUsers } from "@/lib/users/demo";
import { findActor } from "@/lib/auth/actor";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { uploadDir } from "../engine/legacy-model";
import { DEMO_CONTEXT, demoContextFiles, followBuild, runInference, tunedDemoContext } from "./support";

const REPOSITORY = "churn-legacy";
const IMAGE = `000000000000.dkr.ecr.us-east-1.amazonaws.com/${REPOSITORY}:1.0`;

let engine: TestEngine;
let codebuild: CodeBuildClient;
let people: { ds: Actor; mlops: Actor; admin: Actor };
const requests: ObservedRequest[] = [];
let stopObserving: () => void;

const demoActor = async (email: string) => {
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return (await findActor(prisma, user.id)) as Actor;
};
const liveDeployment = () => prisma.deployment.findFirstOrThrow({ where: { model: { slug: DEMO_MODEL }, status: "LIVE" }, orderBy: { requestedAt: "desc" }, select: { id: true } });

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  codebuild = new CodeBuildClient(engine.clientConfig());
  await ensureBucket(engine.s3, EMBEDDED_BUCKET);
  await prisma.environment.create({ data: { name: EMBEDDED_ENVIRONMENT, kind: "EMBEDDED", bucket: EMBEDDED_BUCKET, endpointOverride: engine.endpoint } });
  await seedDemoUsers(prisma);
  await seedDemo(prisma, () => undefined);
  people = { ds: await demoActor("ds@ferry.local"), mlops: await demoActor("mlops@ferry.local"), admin: await demoActor("admin@ferry.local") };
  stopObserving = observeRequests((request) => requests.push(request));
}, 240_000);

afterAll(async () => {
  stopObserving();
  codebuild?.destroy();
  await engine?.close();
  await disconnectPrisma();
});

describe("building the demo's inference image in embedded mode", () => {
  it("builds the context in CodeBuild as a job, registers the pushed digest, and the demo runs that digest", async () => {
    const seeded = await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE }, select: { id: true, version: true, digest: true } });
    const requested = await requestImageBuild(prisma, people.ds, { repository: REPOSITORY, tag: "1.0", files: await demoContextFiles() });
    expect(requested).toMatchObject({ imageUri: IMAGE, status: "QUEUED" });
    // Intent and job first: the build row and its queued job exist before any CodeBuild call.
    expect(requests.filter((r) => r.service === "codebuild")).toEqual([]);
    expect(await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'images-build' AND data->>'buildId' = ${requested.id}`).toEqual([{ n: 1n }]);

    await followBuild(prisma, requested.id);
    const build = await executeQuery(prisma, imageBuildQuery, people.ds, { id: requested.id });
    expect(build).toMatchObject({ status: "SUCCEEDED", done: true, imageId: seeded.id, failedPhase: null });
    expect(build.phases.map((p) => p.phaseType)).toEqual(["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"]);
    // The same bytes as the seeded registration: the same image, so nothing changed and the approval holds.
    expect(build.digest).toBe(seeded.digest);
    expect(build.imageVersion).toBe(seeded.version);
    expect((await prisma.image.findUniqueOrThrow({ where: { id: seeded.id } })).version).toBe(seeded.version);

    const log = await executeQuery(prisma, imageBuildLogQuery, people.ds, { id: requested.id });
    expect(log).toMatchObject({ available: true, done: true });
    expect(log.text).toContain("Entering phase BUILD");
    expect(log.text).toContain(`1.0: digest: ${build.digest}`);

    const started = requests.find((r) => r.service === "codebuild" && r.operation === "StartBuild")?.body;
    expect(started).toMatchObject({
      projectName: IMAGE_BUILD_PROJECT,
      idempotencyToken: requested.id,
      environmentVariablesOverride: [
        { name: "IMAGE_REPO_NAME", value: REPOSITORY, type: "PLAINTEXT" },
        { name: "IMAGE_TAG", value: "1.0", type: "PLAINTEXT" },
      ],
    });
    expect(requests.some((r) => r.service === "codebuild" && r.operation === "CreateProject")).toBe(true);

    const run = await runInference(prisma, people.ds, (await liveDeployment()).id, engine.sagemaker);
    expect(run).toEqual({ status: "SUCCEEDED", inferenceImage: `000000000000.dkr.ecr.us-east-1.amazonaws.com/${REPOSITORY}@${build.digest}` });
  }, 180_000);

  it("other bytes make a new version: the approval bound to the old digest no longer holds until approved again, then runs the new digest", async () => {
    const before = await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE }, select: { id: true, version: true, digest: true } });
    const requested = await requestImageBuild(prisma, people.ds, { repository: REPOSITORY, tag: "1.0", files: await tunedDemoContext() });
    await followBuild(prisma, requested.id);
    const build = await executeQuery(prisma, imageBuildQuery, people.ds, { id: requested.id });
    expect(build.status).toBe("SUCCEEDED");
    expect(build.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(build.digest).not.toBe(before.digest);
    expect(build.imageVersion).toBe(before.version + 1);
    const after = await prisma.image.findUniqueOrThrow({ where: { id: before.id }, select: { version: true, digest: true } });
    expect(after).toEqual({ version: before.version + 1, digest: build.digest });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "images.record_build" }, orderBy: { createdAt: "desc" } });
    expect(audit.summary).toContain(`version ${before.version + 1}`);

    const stale = await liveDeployment();
    await expectAppError(() => startRun(prisma, people.ds, { deploymentId: stale.id }), "CONFLICT");
    const model = await prisma.model.findUniqueOrThrow({ where: { slug: DEMO_MODEL }, select: { id: true } });
    const previous = await prisma.deployment.findUniqueOrThrow({ where: { id: stale.id }, select: { pipelineVersionId: true, environmentId: true } });
    const request = await executeCommand(prisma, requestDeployment, people.mlops, { modelId: model.id, ...previous });
    const approved = await approveAndDeploy(prisma, people.admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint, comment: "the rebuilt inference image" });
    expect(approved.status).toBe("LIVE");

    const run = await runInference(prisma, people.ds, request.id, engine.sagemaker);
    expect(run).toEqual({ status: "SUCCEEDED", inferenceImage: `000000000000.dkr.ecr.us-east-1.amazonaws.com/${REPOSITORY}@${build.digest}` });
  }, 240_000);

  it("builds a new repository and tag into a new catalog image owned by whoever built it", async () => {
    const requested = await requestImageBuild(prisma, people.ds, { repository: "team/churn-next", tag: "2.0", fromBuildId: (await prisma.imageBuild.findFirstOrThrow({ where: { status: "SUCCEEDED" } })).id });
    await followBuild(prisma, requested.id);
    const image = await prisma.image.findUniqueOrThrow({ where: { uri: "000000000000.dkr.ecr.us-east-1.amazonaws.com/team/churn-next:2.0" }, select: { kind: true, version: true, digest: true, ownerId: true, localRuntime: true } });
    expect(image).toMatchObject({ kind: "CUSTOM", version: 1, ownerId: people.ds.id, localRuntime: { kind: "custom", files: ["Dockerfile", "predict.py", "requirements.txt"] } });
    expect(image.digest).toBe((await prisma.imageBuild.findUniqueOrThrow({ where: { id: requested.id } })).digest);
  }, 120_000);

  it("a build that fails says in which phase and why (the Dockerfile's line); the image is unchanged and the log readable", async () => {
    const before = await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE }, select: { version: true, digest: true } });
    const files = await demoContextFiles((name, text) => (name === "Dockerfile" ? text.replace("COPY predict.py .", "COPY predictor.py .") : text));
    const requested = await requestImageBuild(prisma, people.ds, { repository: REPOSITORY, tag: "1.0", files });
    await followBuild(prisma, requested.id);
    const build = await executeQuery(prisma, imageBuildQuery, people.ds, { id: requested.id });
    expect(build).toMatchObject({ status: "FAILED", failedPhase: "BUILD", digest: null });
    expect(build.failure).toContain("Dockerfile line 6: COPY predictor.py: no such file in the build context");
    expect(build.phases.find((p) => p.phaseType === "BUILD")).toMatchObject({ phaseStatus: "FAILED" });
    expect((await executeQuery(prisma, imageBuildLogQuery, people.ds, { id: requested.id })).text).toContain("Phase complete: BUILD State: FAILED");
    expect(await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE }, select: { version: true, digest: true } })).toEqual(before);
    expect((await prisma.auditEvent.findFirstOrThrow({ where: { action: "images.build_failed" }, orderBy: { createdAt: "desc" } })).summary).toContain("failed in BUILD");
  }, 120_000);

  it("a step repeated (a retried job, two workers) starts one CodeBuild build and records one version", async () => {
    const versions = await prisma.imageVersion.count();
    const requested = await requestImageBuild(prisma, people.ds, { repository: "twice", tag: "1", files: await demoContextFiles() });
    await Promise.all([buildStep(prisma, requested.id), buildStep(prisma, requested.id)]);
    await followBuild(prisma, requested.id);
    const { ids } = await codebuild.send(new ListBuildsForProjectCommand({ projectName: IMAGE_BUILD_PROJECT }));
    const started = requests.filter((r) => r.service === "codebuild" && r.operation === "StartBuild" && (r.body as { idempotencyToken?: string }).idempotencyToken === requested.id);
    expect(started.length).toBe(2);
    const codebuildId = (await prisma.imageBuild.findUniqueOrThrow({ where: { id: requested.id } })).codebuildId;
    expect(ids?.filter((id) => id === codebuildId)).toHaveLength(1);
    expect(await prisma.imageVersion.count()).toBe(versions + 1);
  }, 120_000);
});

describe("a build's outcome, recorded in the name of whoever asked", () => {
  it("does not take over an image someone else registered at the URI after the build was asked for", async () => {
    const uri = "000000000000.dkr.ecr.us-east-1.amazonaws.com/raced:1";
    const fromBuildId = (await prisma.imageBuild.findFirstOrThrow({ where: { status: "SUCCEEDED" } })).id;
    const requested = await requestImageBuild(prisma, people.ds, { repository: "raced", tag: "1", fromBuildId });
    // Between the request (which checked who may change the image: nobody had registered it) and the outcome.
    const other = await makeUser(["DATA_SCIENTIST"]);
    await executeCommand(prisma, createImage, other, { uri, kind: "CUSTOM" });
    const before = await prisma.image.findUniqueOrThrow({ where: { uri } });
    await followBuild(prisma, requested.id);
    const build = await prisma.imageBuild.findUniqueOrThrow({ where: { id: requested.id } });
    expect(build).toMatchObject({ status: "FAILED", digest: null, imageVersion: null });
    expect(build.failure).toContain("registered by someone else after the build was asked for");
    expect(await prisma.image.findUniqueOrThrow({ where: { uri } })).toEqual(before);
    expect(await prisma.imageVersion.count({ where: { imageId: before.id } })).toBe(1);
  }, 120_000);

  it("records the image of a requester disabled since: they are still who asked (the role was checked at the request)", async () => {
    const builder = await makeUser(["DATA_SCIENTIST"]);
    const fromBuildId = (await prisma.imageBuild.findFirstOrThrow({ where: { status: "SUCCEEDED" } })).id;
    const requested = await requestImageBuild(prisma, builder, { repository: "left-since", tag: "1", fromBuildId });
    await prisma.user.update({ where: { id: builder.id }, data: { disabled: true } });
    await followBuild(prisma, requested.id);
    const build = await prisma.imageBuild.findUniqueOrThrow({ where: { id: requested.id } });
    expect(build.status).toBe("SUCCEEDED");
    expect(await prisma.image.findUniqueOrThrow({ where: { uri: build.imageUri }, select: { ownerId: true, digest: true } })).toEqual({ ownerId: builder.id, digest: build.digest });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "images.record_build", targetId: build.imageId ?? "" } });
    expect(audit.actorId).toBe(builder.id);
  }, 120_000);
});

describe("refused build requests change nothing", () => {
  it("another data scientist may not build over someone else's image; a user without a role may not build at all", async () => {
    const stranger = await makeUser(["DATA_SCIENTIST"]);
    const files = await demoContextFiles();
    const refused = await expectRefusedWithoutChange(() => requestImageBuild(prisma, stranger, { repository: REPOSITORY, tag: "1.0", files }), "FORBIDDEN");
    expect(refused.userMessage).toMatch(/owner|admin/i);
    const image = await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE } });
    // Two sources at once: which one would be built is not for Ferry to guess.
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: REPOSITORY, tag: "1.0", fromImageId: image.id, files }), "INVALID_INPUT");
    const nobody = await makeUser([]);
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, nobody, { repository: "mine", tag: "1", files }), "FORBIDDEN");
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, null, { repository: "mine", tag: "1", files }), "UNAUTHENTICATED");
  });

  it("refuses what readiness rules out (secrets in ENV, no command), naming file and line, before anything is stored", async () => {
    const secret = await demoContextFiles((name, text) => (name === "Dockerfile" ? text.replace("ENV CHURN_BIAS=-0.9", "ENV CHURN_BIAS=-0.9 DB_PASSWORD=hunter2") : text));
    const error = await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "secretive", tag: "1", files: secret }), "INVALID_INPUT");
    expect(error.fieldErrors?.files?.[0]).toMatch(/^Dockerfile:2 ENV DB_PASSWORD puts a secret into the image/);
    expect(error.userMessage).not.toContain("hunter2");
    const noCommand = await demoContextFiles((name, text) => (name === "Dockerfile" ? text.replace(/ENTRYPOINT .*\n/, "") : text));
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "silent", tag: "1", files: noCommand }), "INVALID_INPUT");
    const listed = await engine.s3.send(new ListObjectsV2Command({ Bucket: EMBEDDED_BUCKET, Prefix: "ferry/build-contexts/" }));
    const stored = new Set((listed.Contents ?? []).map((o) => o.Key?.split("/")[2]));
    expect(stored.size).toBe(3);
  });

  it("refuses malformed and crafted input: names that climb out, repositories and tags ECR would refuse, unknown sources", async () => {
    const files = await demoContextFiles();
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "../etc", tag: "1", files }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "ok", tag: "-bad tag", files }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "ok", tag: "1", files: [...files, { name: "../../escape.py", base64: "eA==" }] }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "ok", tag: "1", fromBuildId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND");
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "ok", tag: "1", environmentId: "00000000-0000-4000-8000-000000000000", files }), "NOT_FOUND");
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "ok", tag: "1" }), "INVALID_INPUT");
    const framework = await prisma.image.findFirstOrThrow({ where: { kind: "FRAMEWORK" }, select: { id: true } });
    await expectRefusedWithoutChange(() => requestImageBuild(prisma, people.ds, { repository: "ok", tag: "1", fromImageId: framework.id }), "NOT_FOUND");
  });
});

describe("stopping a build", () => {
  const stopRequests = () => requests.filter((r) => r.service === "codebuild" && r.operation === "StopBuild").length;
  const latestContext = async () => (await prisma.imageBuild.findFirstOrThrow({ where: { status: "SUCCEEDED" }, orderBy: { createdAt: "desc" } })).id;

  it("one still queued never starts in CodeBuild: it is recorded stopped, by whom, and its image is unchanged", async () => {
    const before = await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE }, select: { version: true, digest: true } });
    const requested = await requestImageBuild(prisma, people.ds, { repository: REPOSITORY, tag: "1.0", fromBuildId: await latestContext() });
    await executeCommand(prisma, stopImageBuild, people.ds, { buildId: requested.id });
    await followBuild(prisma, requested.id);
    const build = await executeQuery(prisma, imageBuildQuery, people.ds, { id: requested.id });
    expect(build).toMatchObject({ status: "STOPPED", done: true, canStop: false, digest: null, failure: "Stopped by ds@ferry.local before CodeBuild started it" });
    expect(requests.filter((r) => r.service === "codebuild" && (r.body as { idempotencyToken?: string }).idempotencyToken === requested.id)).toEqual([]);
    expect(await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE }, select: { version: true, digest: true } })).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { action: "images.stop_build", targetId: requested.id, actorId: people.ds.id } })).toBe(1);
  }, 120_000);

  /** Two builds of a large context, started in CodeBuild directly: they take the engine's two build slots a while. */
  async function occupyBuildSlots(): Promise<() => Promise<void>> {
    const prefix = "ferry/build-contexts/slow/";
    const filler = Array.from({ length: 600 }, (_, i) => engine.s3.send(new PutObjectCommand({ Bucket: EMBEDDED_BUCKET, Key: `${prefix}file-${i}.txt`, Body: `${i}\n` })));
    await Promise.all([...filler, uploadDir(engine.s3, DEMO_CONTEXT, EMBEDDED_BUCKET, prefix)]);
    const start = (tag: string) =>
      codebuild.send(new StartBuildCommand({ projectName: IMAGE_BUILD_PROJECT, sourceLocationOverride: `${EMBEDDED_BUCKET}/${prefix}`, environmentVariablesOverride: [{ name: "IMAGE_REPO_NAME", value: "slow", type: "PLAINTEXT" }, { name: "IMAGE_TAG", value: tag, type: "PLAINTEXT" }] }));
    const ids = [(await start("a")).build?.id ?? "", (await start("b")).build?.id ?? ""];
    return async () => {
      await expect.poll(async () => (await codebuild.send(new BatchGetBuildsCommand({ ids }))).builds?.every((b) => b.buildStatus !== "IN_PROGRESS"), { timeout: 60_000 }).toBe(true);
    };
  }

  it("one running in CodeBuild is stopped there by the build's job, which records it stopped in the phase it reached", async () => {
    const before = await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE }, select: { version: true, digest: true } });
    const slotsFreed = await occupyBuildSlots();
    const requested = await requestImageBuild(prisma, people.ds, { repository: REPOSITORY, tag: "1.0", files: await tunedDemoContext() });
    // Started: CodeBuild has it (IN_PROGRESS, waiting for a slot) when the stop is asked for.
    expect(await buildStep(prisma, requested.id)).toBe("waiting");
    const stopsBefore = stopRequests();
    await executeCommand(prisma, stopImageBuild, people.admin, { buildId: requested.id });
    await followBuild(prisma, requested.id);
    const build = await executeQuery(prisma, imageBuildQuery, people.ds, { id: requested.id });
    expect(stopRequests()).toBe(stopsBefore + 1);
    expect(build).toMatchObject({ status: "STOPPED", digest: null, failure: "Stopped by admin@ferry.local" });
    const { codebuildId } = await prisma.imageBuild.findUniqueOrThrow({ where: { id: requested.id } });
    const remote = (await codebuild.send(new BatchGetBuildsCommand({ ids: [codebuildId ?? ""] }))).builds?.[0];
    expect(remote?.buildStatus).toBe("STOPPED");
    expect(build.failedPhase).toBe(remote?.phases?.find((p) => p.phaseStatus === "STOPPED")?.phaseType);
    expect(await prisma.image.findUniqueOrThrow({ where: { uri: IMAGE }, select: { version: true, digest: true } })).toEqual(before);
    await slotsFreed();
  }, 120_000);

  it("is for whoever asked for it, the image's owner and admins; a finished build cannot be stopped; both refusals change nothing", async () => {
    const requested = await requestImageBuild(prisma, people.ds, { repository: REPOSITORY, tag: "1.0", fromBuildId: await latestContext() });
    const stranger = await makeUser(["DATA_SCIENTIST"]);
    expect(await executeQuery(prisma, imageBuildQuery, stranger, { id: requested.id })).toMatchObject({ canStop: false });
    expect(await executeQuery(prisma, imageBuildQuery, people.ds, { id: requested.id })).toMatchObject({ canStop: true });
    const refused = await expectRefusedWithoutChange(() => executeCommand(prisma, stopImageBuild, stranger, { buildId: requested.id }), "FORBIDDEN");
    expect(refused.userMessage).toBe(`Only whoever asked for it, the image's owner or admins can stop the build of ${IMAGE}.`);
    await followBuild(prisma, requested.id);
    const finished = await expectRefusedWithoutChange(() => executeCommand(prisma, stopImageBuild, people.ds, { buildId: requested.id }), "CONFLICT");
    expect(finished.userMessage).toBe("This build has already finished (succeeded); there is nothing to stop.");
    await expectAppError(() => executeCommand(prisma, stopImageBuild, people.ds, { buildId: "not-a-build" }), "INVALID_INPUT");
  }, 120_000);
});

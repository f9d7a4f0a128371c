// The demo's whole journey in `aws` mode, against the engine playing an AWS account, so the AWS code path runs in
// CI end to end: FERRY_MODE=aws, no embedded environment, an AWS environment whose endpoint is the engine and
// whose access role Ferry assumes through STS with the process's default credentials (the engine's keys in AWS_*
// variables, as an instance role would give them); the inference image pushed outside Ferry (here: registered
// with the engine, the `docker push` of this account) and verified by digest through ECR; the approval bound to
// those digests; the run started, reconciled, its logs read from CloudWatch Logs and its output downloaded.
import { runnableUri } from "@/lib/catalog/images/resolve";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { registerImage, uploadBuildContext, verifyImage } from "@/lib/catalog/images/operations";
import { saveModel } from "@/lib/catalog/models/upsert";
import { uploadScripts } from "@/lib/catalog/scripts/upload";
import { executeCommand } from "@/lib/commands/command";
import { executeQuery } from "@/lib/commands/query";
import { prisma } from "@/lib/db/prisma";
import { Artifacts } from "@/lib/deployments/artifacts";
import { requestDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy } from "@/lib/deployments/deploy";
import { saveEnvironment } from "@/lib/environments/commands";
import { checkEnvironmentQuery } from "@/lib/environments/queries";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { releasePipelineVersion } from "@/lib/deployments/release";
import { startRun } from "@/lib/runs/operations";
import { runDetailQuery, stepLogQuery } from "@/lib/runs/detail";
import { syncRun } from "@/lib/runs/reconciler/sync-run";
import { readObject, registerCustomImage, uploadDir } from "../engine/legacy-model";
import { ACCESS_ROLE, ACCOUNT, DEMO_ASSETS, filesOf, FRAMEWORK_IMAGE, INFERENCE_IMAGE, awsModeWorld } from "./aws-mode-world";

// Before anything reads the configuration: this process is Ferry in aws mode.
process.env.FERRY_MODE = "aws";
process.env.FERRY_AUTH_SECRET ??= "journey-secret-journey-secret-journey-secret";
// aws mode serves over https only (session cookies are Secure); nothing here is served, the value is checked.
process.env.FERRY_BASE_URL = "https://ferry.example.test";

const BUCKET = "ferry-journey";
const EXTERNAL_ID = "journey-7f3a";
const world = awsModeWorld(BUCKET, async (engine) => {
  // The account's own set-up, outside Ferry: the inference image pushed to ECR.
  await uploadDir(engine.s3, path.join(DEMO_ASSETS, "inference-image"), BUCKET, "pushed/churn-legacy/");
  await registerCustomImage(engine.endpoint, INFERENCE_IMAGE, `s3://${BUCKET}/pushed/churn-legacy/`);
});

describe("the demo in aws mode, against the engine", () => {
  let environmentId = "";
  let deploymentId = "";
  let runId = "";

  it("adds the AWS environment, whose check assumes its access role", async () => {
    const saved = await executeCommand(prisma, saveEnvironment, world.people.admin, {
      kind: "AWS",
      // This journey is about aws mode, not parity (tests/deployments/parity*); new environments require it unless told.
      requireParity: false,
      aws: {
        name: "prod",
        region: "us-east-1",
        accountId: ACCOUNT,
        stateMachineRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-states`,
        sagemakerRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-sagemaker`,
        bucket: BUCKET,
        endpointOverride: world.engine.endpoint,
        accessRoleArn: ACCESS_ROLE,
        externalId: EXTERNAL_ID,
      },
    });
    environmentId = saved.id;
    expect(await prisma.environment.count({ where: { kind: "EMBEDDED" } })).toBe(0);
    const check = await executeQuery(prisma, checkEnvironmentQuery, world.people.admin, { environmentId });
    expect(check.items.filter((i) => !i.ok)).toEqual([]);
    expect(check.identity).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ferry-access/ferry-${world.people.admin.email.split("@")[0]}`);
  });

  it("registers the images and verifies them by digest through ECR", async () => {
    const framework = await registerImage(prisma, world.people.ds, { uri: FRAMEWORK_IMAGE, kind: "FRAMEWORK", description: "SageMaker scikit-learn" });
    const inference = await registerImage(prisma, world.people.ds, { uri: INFERENCE_IMAGE, kind: "CUSTOM", description: "Legacy inference container" });
    // In aws mode the build context only says how the image would run on a laptop: nothing is built here.
    await uploadBuildContext(prisma, world.people.ds, { imageId: inference.id, files: await filesOf(path.join(DEMO_ASSETS, "inference-image")) });
    expect((await prisma.image.findUniqueOrThrow({ where: { id: inference.id } })).digest).toBeNull();
    for (const image of [framework, inference]) {
      const verified = await verifyImage(prisma, world.people.ds, { imageId: image.id });
      expect(verified.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    const pushed = world.calls.filter((c) => c.service === "ecr" && c.operation === "DescribeImages").map((c) => c.body);
    expect(pushed).toEqual(expect.arrayContaining([{ registryId: ACCOUNT, repositoryName: "churn-legacy", imageIds: [{ imageTag: "1.0" }] }]));
  });

  it("deploys the demo pipeline and model, the approval bound to the images' digests", async () => {
    const pipeline = await executeCommand(prisma, createPipeline, world.people.mlops, { name: "churn-three-step", description: "preprocess, a custom inference container, postprocess" });
    const version = await executeCommand(prisma, publishPipelineVersion, world.people.mlops, { pipelineId: pipeline.id });
    const release = await releasePipelineVersion(prisma, world.people.mlops, { pipelineVersionId: version.id, environmentId });
    expect(release).toMatchObject({ status: "LIVE" });
    const images = await prisma.image.findMany({ select: { id: true, uri: true, kind: true, digest: true } });
    const input = { bucket: BUCKET, key: "demo/churn/input/customers.csv" };
    await world.engine.s3.send(new PutObjectCommand({ Bucket: input.bucket, Key: input.key, Body: await readFile(path.join(DEMO_ASSETS, "data", "customers.csv")) }));
    const model = await executeCommand(prisma, saveModel, world.people.ds, {
      slug: "churn-demo",
      displayName: "Customer churn (demo)",
      team: "retention",
      tags: ["demo"],
      description: "The demo, in aws mode",
      inputUri: `s3://${BUCKET}/demo/churn/input/`,
      outputUri: `s3://${BUCKET}/demo/churn/output/`,
      instanceType: "ml.m5.xlarge",
      volumeSizeGb: 5,
      maxRuntimeSeconds: 300,
      status: "READY",
      imageId: images.find((i) => i.uri === INFERENCE_IMAGE)?.id,
      scriptImageId: images.find((i) => i.uri === FRAMEWORK_IMAGE)?.id,
    });
    await uploadScripts(prisma, world.people.ds, { modelId: model.id, files: await filesOf(DEMO_ASSETS) });
    const request = await executeCommand(prisma, requestDeployment, world.people.mlops, { modelId: model.id, pipelineVersionId: version.id, environmentId });
    const deployment = await approveAndDeploy(prisma, world.people.admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint, comment: "aws-mode journey" });
    expect(deployment.status).toBe("LIVE");
    deploymentId = request.id;
    const bound = Artifacts.parse((await prisma.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).artifacts);
    // Custom images are bound pinned to the digest ECR reported (<repo>@sha256:…), so a run executes that build.
    expect(bound.images.map((i) => [i.uri, i.digest]).sort()).toEqual(images.map((i) => [runnableUri(i), i.digest]).sort());
    expect(bound.images.every((i) => i.digest?.startsWith("sha256:"))).toBe(true);
  });

  it("runs: started as the data scientist, reconciled, its logs read from CloudWatch Logs, its output in the bucket", async () => {
    const started = await startRun(prisma, world.people.ds, { deploymentId });
    expect(started.status).toBe("RUNNING");
    runId = started.runId;
    let status = "RUNNING";
    for (let i = 0; i < 600 && status === "RUNNING"; i++) {
      await syncRun(prisma, runId);
      status = (await prisma.run.findUniqueOrThrow({ where: { id: runId } })).status;
      if (status === "RUNNING") await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const run = await executeQuery(prisma, runDetailQuery, world.people.ds, { id: runId });
    expect(run.error ?? "").toBe("");
    expect(status).toBe("SUCCEEDED");
    const pre = run.steps[0];
    expect(pre?.logUri).toBe(`cloudwatch://us-east-1/aws/sagemaker/ProcessingJobs/${pre?.jobName}/`);
    const log = await executeQuery(prisma, stepLogQuery, world.people.ds, { id: runId, step: pre?.name ?? "" });
    expect(log).toMatchObject({ available: true, done: true });
    expect(log.text).toMatch(/^preprocessed \d+ customers$/m);
    expect(log.next).toMatch(/^f\/\d{56}\/s$/);
    const summary = JSON.parse(await readObject(world.engine.s3, BUCKET, `demo/churn/output/${run.executionName}/post/final/summary.json`)) as { customers: number };
    expect(summary.customers).toBe(120);
  }, 180_000);

  it("reached the account only through the roles it assumed, each session named after its user", async () => {
    const sessions = world.calls.filter((c) => c.service === "sts" && c.operation === "AssumeRole").map((c) => c.body as { RoleArn: string; RoleSessionName: string; ExternalId: string });
    expect(sessions.every((s) => s.RoleArn === ACCESS_ROLE && s.ExternalId === EXTERNAL_ID)).toBe(true);
    const names = new Set(sessions.map((s) => s.RoleSessionName));
    for (const person of [world.people.admin, world.people.ds, world.people.mlops]) expect(names).toContain(`ferry-${person.email.split("@")[0]}`);
    // The reconciler has no user: its session says so.
    expect(names).toContain("ferry-system");
  });
});

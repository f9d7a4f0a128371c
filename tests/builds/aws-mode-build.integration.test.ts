// Building the demo's inference image in `aws` mode, against the engine playing an AWS account: FERRY_MODE=aws, no
// embedded environment, an AWS environment whose endpoint is the engine and whose access role Ferry assumes. The
// build goes through the same code path as on AWS: the context into the environment's bucket, Ferry's CodeBuild
// project (created as the generated CloudFormation would), StartBuild with IMAGE_REPO_NAME and IMAGE_TAG, the
// phases and log followed, the digest read from the build and confirmed in ECR; then the demo, approved on that
// digest, runs the image by it.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { registerImage } from "@/lib/catalog/images/operations";
import { requestImageBuild } from "@/lib/catalog/images/build/request";
import { imageBuildLogQuery, imageBuildQuery } from "@/lib/catalog/images/build/queries";
import { saveModel } from "@/lib/catalog/models/upsert";
import { uploadScripts } from "@/lib/catalog/scripts/upload";
import { executeCommand } from "@/lib/commands/command";
import { executeQuery } from "@/lib/commands/query";
import { env } from "@/lib/config/env";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { Artifacts } from "@/lib/deployments/artifacts";
import { requestDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy } from "@/lib/deployments/deploy";
import { observeRequests } from "@/lib/engine/models";
import { IMAGE_BUILD_PROJECT, imageBuildRoleArn } from "@/lib/pipelines/build-project";
import { saveEnvironment } from "@/lib/environments/commands";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { releasePipelineVersion } from "@/lib/deployments/release";
import { ensureBucket } from "@/lib/storage/objects";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "../engine/harness";
import { makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { demoContextFiles, followBuild, runInference } from "./support";

// Before anything reads the configuration: this process is Ferry in aws mode.
process.env.FERRY_MODE = "aws";
process.env.FERRY_AUTH_SECRET ??= "build-journey-secret-build-journey-secret";
process.env.FERRY_BASE_URL = "https://ferry.example.test";

const ACCOUNT = "000000000000";
const BUCKET = "ferry-builds-aws";
const ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/ferry-access`;
const ASSETS = path.resolve("prisma/demo/churn");
const FRAMEWORK_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
const INFERENCE_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy:1.0`;

let engine: TestEngine;
let people: { ds: Actor; mlops: Actor; admin: Actor };
const calls: { service: string; operation: string; body: unknown }[] = [];
let stopObserving: () => void;

async function scriptFiles() {
  const names = (await readdir(ASSETS, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  return Promise.all(names.map(async (name) => ({ name, base64: (await readFile(path.join(ASSETS, name))).toString("base64") })));
}

beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", TEST_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", TEST_CREDENTIALS.secretAccessKey);
  await resetDatabase();
  engine = await startTestEngine();
  await ensureBucket(engine.s3, BUCKET);
  people = { ds: await makeUser(["DATA_SCIENTIST"]), mlops: await makeUser(["MLOPS_ENGINEER"]), admin: await makeUser(["ADMIN"]) };
  stopObserving = observeRequests((request) => calls.push(request));
});

afterAll(async () => {
  stopObserving();
  vi.unstubAllEnvs();
  await engine?.close();
  await disconnectPrisma();
});

describe("an image build in aws mode, against the engine", () => {
  let environmentId = "";
  let digest = "";

  it("builds the demo's inference context with the environment's CodeBuild, as the data scientist's assumed role", async () => {
    expect(env().FERRY_MODE).toBe("aws");
    const saved = await executeCommand(prisma, saveEnvironment, people.admin, {
      kind: "AWS",
      // This test is about builds in aws mode, not parity (tests/deployments/parity*); new environments require it unless told.
      requireParity: false,
      aws: {
        name: "prod",
        region: "us-east-1",
        accountId: ACCOUNT,
        stateMachineRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-states`,
        sagemakerRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-sagemaker`,
        bucket: BUCKET,
        endpointOverride: engine.endpoint,
        accessRoleArn: ACCESS_ROLE,
        externalId: "builds-2c1d",
      },
    });
    environmentId = saved.id;
    const requested = await requestImageBuild(prisma, people.ds, { repository: "churn-legacy", tag: "1.0", files: await demoContextFiles() });
    expect(requested).toMatchObject({ imageUri: INFERENCE_IMAGE, status: "QUEUED" });
    await followBuild(prisma, requested.id);
    const build = await executeQuery(prisma, imageBuildQuery, people.ds, { id: requested.id });
    expect(build).toMatchObject({ status: "SUCCEEDED", imageVersion: 1 });
    digest = build.digest ?? "";
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await executeQuery(prisma, imageBuildLogQuery, people.ds, { id: requested.id })).text).toContain(`The push refers to repository [${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy]`);
    const image = await prisma.image.findUniqueOrThrow({ where: { uri: INFERENCE_IMAGE } });
    expect(image).toMatchObject({ kind: "CUSTOM", digest, version: 1, ownerId: people.ds.id });

    const codebuild = calls.filter((c) => c.service === "codebuild");
    expect(codebuild.find((c) => c.operation === "CreateProject")?.body).toMatchObject({ name: IMAGE_BUILD_PROJECT, serviceRole: imageBuildRoleArn(ACCOUNT), source: { type: "S3", location: `${BUCKET}/ferry/build-contexts/` } });
    expect(codebuild.find((c) => c.operation === "StartBuild")?.body).toMatchObject({ sourceLocationOverride: expect.stringMatching(new RegExp(`^${BUCKET}/ferry/build-contexts/[0-9a-f]{64}/$`)) });
    expect(calls.filter((c) => c.service === "ecr" && c.operation === "DescribeImages").map((c) => c.body)).toContainEqual({ registryId: ACCOUNT, repositoryName: "churn-legacy", imageIds: [{ imageDigest: digest }] });
    const sessions = calls.filter((c) => c.service === "sts" && c.operation === "AssumeRole").map((c) => (c.body as { RoleSessionName: string }).RoleSessionName);
    expect(sessions).toContain(`ferry-${people.ds.email.split("@")[0]}`);
  }, 120_000);

  it("approves the demo on the built digest and runs the image by it", async () => {
    const framework = await registerImage(prisma, people.ds, { uri: FRAMEWORK_IMAGE, kind: "FRAMEWORK", description: "SageMaker scikit-learn" });
    const inference = await prisma.image.findUniqueOrThrow({ where: { uri: INFERENCE_IMAGE }, select: { id: true } });
    const pipeline = await executeCommand(prisma, createPipeline, people.mlops, { name: "churn-three-step", description: "preprocess, a custom inference container, postprocess" });
    const version = await executeCommand(prisma, publishPipelineVersion, people.mlops, { pipelineId: pipeline.id });
    expect(await releasePipelineVersion(prisma, people.mlops, { pipelineVersionId: version.id, environmentId })).toMatchObject({ status: "LIVE" });
    await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "demo/churn/input/customers.csv", Body: await readFile(path.join(ASSETS, "data", "customers.csv")) }));
    const model = await executeCommand(prisma, saveModel, people.ds, {
      slug: "churn-demo",
      displayName: "Customer churn (demo)",
      team: "retention",
      inputUri: `s3://${BUCKET}/demo/churn/input/`,
      outputUri: `s3://${BUCKET}/demo/churn/output/`,
      instanceType: "ml.m5.xlarge",
      volumeSizeGb: 5,
      maxRuntimeSeconds: 300,
      status: "READY",
      imageId: inference.id,
      scriptImageId: framework.id,
    });
    await uploadScripts(prisma, people.ds, { modelId: model.id, files: await scriptFiles() });
    const request = await executeCommand(prisma, requestDeployment, people.mlops, { modelId: model.id, pipelineVersionId: version.id, environmentId });
    const bound = Artifacts.parse((await prisma.deployment.findUniqueOrThrow({ where: { id: request.id } })).artifacts);
    expect(bound.images.find((i) => i.imageId === inference.id)).toMatchObject({ digest, uri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy@${digest}` });
    const deployment = await approveAndDeploy(prisma, people.admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint, comment: "built by CodeBuild" });
    expect(deployment.status).toBe("LIVE");
    const run = await runInference(prisma, people.ds, request.id, engine.sagemaker);
    expect(run).toEqual({ status: "SUCCEEDED", inferenceImage: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy@${digest}` });
  }, 180_000);
});

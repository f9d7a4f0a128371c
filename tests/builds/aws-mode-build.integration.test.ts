// Building the demo's inference image in `aws` mode, against the engine playing an AWS account: FERRY_MODE=aws, no
// embedded environment, an AWS environment whose endpoint is the engine and whose access role Ferry assumes. The
// build goes through the same code path as on AWS: the context into the environment's bucket, Ferry's CodeBuild
// project (created as the generated CloudFormation would), StartBuild with IMAGE_REPO_NAME and IMAGE_TAG, the
// phases and log followed, the digest read from the build and confirmed in ECR; then the demo, approved on that
// digest, runs the image by it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { registerImage } from "@/lib/catalog/images/operations";
import { requestImageBuild } from "@/lib/catalog/images/build/request";
import { imageBuildLogQuery, imageBuildQuery } from "@/lib/catalog/images/build/queries";
import { saveModel } from "@/lib/catalog/models/upsert";
import { uploadScripts } from "@/lib/catalog/scripts/upload";
import { executeCommand } from "@/lib/commands/command";
import { executeQuery } from "@/lib/commands/query";
import { env } from "@/lib/config/env";
import { prisma } from "@/lib/db/prisma";
import { Artifacts } from "@/lib/deployments/artifacts";
import { requestDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy } from "@/lib/deployments/deploy";
import { IMAGE_BUILD_PROJECT, imageBuildRoleArn } from "@/lib/pipelines/build-project";
import { saveEnvironment } from "@/lib/environments/commands";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { releasePipelineVersion } from "@/lib/deployments/release";
import { ACCESS_ROLE, ACCOUNT, DEMO_ASSETS, filesOf, FRAMEWORK_IMAGE, INFERENCE_IMAGE, awsModeWorld } from "../environments/aws-mode-world";
import { demoContextFiles, followBuild, runInference } from "./support";

// Before anything reads the configuration: this process is Ferry in aws mode.
process.env.FERRY_MODE = "aws";
process.env.FERRY_AUTH_SECRET ??= "build-journey-secret-build-journey-secret";
process.env.FERRY_BASE_URL = "https://ferry.example.test";

const BUCKET = "ferry-builds-aws";

const world = awsModeWorld(BUCKET);

describe("an image build in aws mode, against the engine", () => {
  let environmentId = "";
  let digest = "";

  it("builds the demo's inference context with the environment's CodeBuild, as the data scientist's assumed role", async () => {
    expect(env().FERRY_MODE).toBe("aws");
    const saved = await executeCommand(prisma, saveEnvironment, world.people.admin, {
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
        endpointOverride: world.engine.endpoint,
        accessRoleArn: ACCESS_ROLE,
        externalId: "builds-2c1d",
      },
    });
    environmentId = saved.id;
    const requested = await requestImageBuild(prisma, world.people.ds, { repository: "churn-legacy", tag: "1.0", files: await demoContextFiles() });
    expect(requested).toMatchObject({ imageUri: INFERENCE_IMAGE, status: "QUEUED" });
    await followBuild(prisma, requested.id);
    const build = await executeQuery(prisma, imageBuildQuery, world.people.ds, { id: requested.id });
    expect(build).toMatchObject({ status: "SUCCEEDED", imageVersion: 1 });
    digest = build.digest ?? "";
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await executeQuery(prisma, imageBuildLogQuery, world.people.ds, { id: requested.id })).text).toContain(`The push refers to repository [${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy]`);
    const image = await prisma.image.findUniqueOrThrow({ where: { uri: INFERENCE_IMAGE } });
    expect(image).toMatchObject({ kind: "CUSTOM", digest, version: 1, ownerId: world.people.ds.id });

    const codebuild = world.calls.filter((c) => c.service === "codebuild");
    expect(codebuild.find((c) => c.operation === "CreateProject")?.body).toMatchObject({ name: IMAGE_BUILD_PROJECT, serviceRole: imageBuildRoleArn(ACCOUNT), source: { type: "S3", location: `${BUCKET}/ferry/build-contexts/` } });
    expect(codebuild.find((c) => c.operation === "StartBuild")?.body).toMatchObject({ sourceLocationOverride: expect.stringMatching(new RegExp(`^${BUCKET}/ferry/build-contexts/[0-9a-f]{64}/$`)) });
    expect(world.calls.filter((c) => c.service === "ecr" && c.operation === "DescribeImages").map((c) => c.body)).toContainEqual({ registryId: ACCOUNT, repositoryName: "churn-legacy", imageIds: [{ imageDigest: digest }] });
    const sessions = world.calls.filter((c) => c.service === "sts" && c.operation === "AssumeRole").map((c) => (c.body as { RoleSessionName: string }).RoleSessionName);
    expect(sessions).toContain(`ferry-${world.people.ds.email.split("@")[0]}`);
  }, 120_000);

  it("approves the demo on the built digest and runs the image by it", async () => {
    const framework = await registerImage(prisma, world.people.ds, { uri: FRAMEWORK_IMAGE, kind: "FRAMEWORK", description: "SageMaker scikit-learn" });
    const inference = await prisma.image.findUniqueOrThrow({ where: { uri: INFERENCE_IMAGE }, select: { id: true } });
    const pipeline = await executeCommand(prisma, createPipeline, world.people.mlops, { name: "churn-three-step", description: "preprocess, a custom inference container, postprocess" });
    const version = await executeCommand(prisma, publishPipelineVersion, world.people.mlops, { pipelineId: pipeline.id });
    expect(await releasePipelineVersion(prisma, world.people.mlops, { pipelineVersionId: version.id, environmentId })).toMatchObject({ status: "LIVE" });
    await world.engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "demo/churn/input/customers.csv", Body: await readFile(path.join(DEMO_ASSETS, "data", "customers.csv")) }));
    const model = await executeCommand(prisma, saveModel, world.people.ds, {
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
    await uploadScripts(prisma, world.people.ds, { modelId: model.id, files: await filesOf(DEMO_ASSETS) });
    const request = await executeCommand(prisma, requestDeployment, world.people.mlops, { modelId: model.id, pipelineVersionId: version.id, environmentId });
    const bound = Artifacts.parse((await prisma.deployment.findUniqueOrThrow({ where: { id: request.id } })).artifacts);
    expect(bound.images.find((i) => i.imageId === inference.id)).toMatchObject({ digest, uri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy@${digest}` });
    const deployment = await approveAndDeploy(prisma, world.people.admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint, comment: "built by CodeBuild" });
    expect(deployment.status).toBe("LIVE");
    const run = await runInference(prisma, world.people.ds, request.id, world.engine.sagemaker);
    expect(run).toEqual({ status: "SUCCEEDED", inferenceImage: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy@${digest}` });
  }, 180_000);
});

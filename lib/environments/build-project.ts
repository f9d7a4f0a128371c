import type { CreateProjectInput } from "@aws-sdk/client-codebuild";
import { stringify } from "yaml";
import type { Environment } from "@/generated/prisma/client";
import { accountOf } from "./target";

/**
 * The CodeBuild project that builds custom images in an environment, as the SageMaker Studio Image Build CLI
 * sets one up: one per account and region, its service role, and a buildspec shaped like AWS's CodeBuild sample
 * for Docker images (the repository and tag come from `IMAGE_REPO_NAME` and `IMAGE_TAG`; the repository is
 * created if missing). The generated CloudFormation creates it (lib/pipelines/cloudformation.ts); Ferry creates
 * or converges it when it is missing or differs (lib/catalog/images/build/project.ts), so the same project and
 * buildspec run on AWS and on the embedded engine.
 */
export const IMAGE_BUILD_PROJECT = "ferry-image-build";
export const IMAGE_BUILD_ROLE = "ferry-image-build";
/** Where build contexts are stored, content-addressed, in the environment's bucket. */
export const BUILD_CONTEXT_PREFIX = "ferry/build-contexts/";
const BUILD_IMAGE = "aws/codebuild/standard:7.0";
const COMPUTE_TYPE = "BUILD_GENERAL1_SMALL";
const TIMEOUT_MINUTES = 30;

const REGISTRY = "$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com";

/**
 * The build's commands. IMAGE_DIGEST is exported so Ferry reads the digest that was pushed from the build itself,
 * never from the tag (which a later build may move).
 */
export const IMAGE_BUILDSPEC = stringify({
  version: 0.2,
  env: { "exported-variables": ["IMAGE_DIGEST"] },
  phases: {
    pre_build: {
      commands: [
        "AWS_ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)",
        `REPOSITORY_URI=${REGISTRY}/$IMAGE_REPO_NAME`,
        'aws ecr describe-repositories --repository-names "$IMAGE_REPO_NAME" >/dev/null 2>&1 || aws ecr create-repository --repository-name "$IMAGE_REPO_NAME"',
        `aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin ${REGISTRY}`,
      ],
    },
    build: { "on-failure": "ABORT", commands: ['docker build -t "$REPOSITORY_URI:$IMAGE_TAG" .'] },
    post_build: {
      commands: ['docker push "$REPOSITORY_URI:$IMAGE_TAG"', `IMAGE_DIGEST=$(docker inspect --format '{{index .RepoDigests 0}}' "$REPOSITORY_URI:$IMAGE_TAG" | cut -d@ -f2)`],
    },
  },
});

type BuildEnvironment = Pick<Environment, "accountId" | "bucket">;

export function imageBuildRoleArn(environment: Pick<Environment, "accountId">): string {
  return `arn:aws:iam::${accountOf(environment)}:role/${IMAGE_BUILD_ROLE}`;
}

/** The project as CreateProject takes it: S3 sources under the contexts' folder, no artifacts, Docker allowed. */
export function imageBuildProject(environment: BuildEnvironment): CreateProjectInput & { name: string } {
  return {
    name: IMAGE_BUILD_PROJECT,
    description: "Ferry: builds custom images from build contexts and pushes them to ECR",
    source: { type: "S3", location: `${environment.bucket}/${BUILD_CONTEXT_PREFIX}`, buildspec: IMAGE_BUILDSPEC },
    artifacts: { type: "NO_ARTIFACTS" },
    environment: { type: "LINUX_CONTAINER", image: BUILD_IMAGE, computeType: COMPUTE_TYPE, privilegedMode: true },
    serviceRole: imageBuildRoleArn(environment),
    timeoutInMinutes: TIMEOUT_MINUTES,
    logsConfig: { cloudWatchLogs: { status: "ENABLED" } },
    tags: [{ key: "ferry:managed", value: "image-build" }],
  };
}

/** Where a build's context is read from, in CodeBuild's terms (`bucket/prefix/`), for StartBuild's sourceLocationOverride. */
export function sourceLocationOf(contextUri: string): string {
  return contextUri.replace(/^s3:\/\//, "");
}

import type { CreateProjectInput } from "@aws-sdk/client-codebuild";
import { stringify } from "yaml";
import type { PolicyStatement } from "./iam";

/**
 * The CodeBuild project that builds custom images in an environment, as the SageMaker Studio Image Build CLI
 * sets one up: one per account and region, its service role, and a buildspec shaped like AWS's CodeBuild sample
 * for Docker images (the repository and tag come from `IMAGE_REPO_NAME` and `IMAGE_TAG`; the repository is
 * created if missing). The generated CloudFormation creates it (./cloudformation.ts); Ferry creates
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

/** The account the project lives in (lib/environments/target.ts accountOf) and the bucket its contexts are in. */
type BuildEnvironment = { account: string; bucket: string };

export function imageBuildRoleArn(account: string): string {
  return `arn:aws:iam::${account}:role/${IMAGE_BUILD_ROLE}`;
}

/** The project as CreateProject takes it: S3 sources under the contexts' folder, no artifacts, Docker allowed. */
export function imageBuildProject(environment: BuildEnvironment): CreateProjectInput & { name: string } {
  return {
    name: IMAGE_BUILD_PROJECT,
    description: "Ferry: builds custom images from build contexts and pushes them to ECR",
    source: { type: "S3", location: `${environment.bucket}/${BUILD_CONTEXT_PREFIX}`, buildspec: IMAGE_BUILDSPEC },
    artifacts: { type: "NO_ARTIFACTS" },
    environment: { type: "LINUX_CONTAINER", image: BUILD_IMAGE, computeType: COMPUTE_TYPE, privilegedMode: true },
    serviceRole: imageBuildRoleArn(environment.account),
    timeoutInMinutes: TIMEOUT_MINUTES,
    logsConfig: { cloudWatchLogs: { status: "ENABLED" } },
    tags: [{ key: "ferry:managed", value: "image-build" }],
  };
}

/** Where a build's context is read from, in CodeBuild's terms (`bucket/prefix/`), for StartBuild's sourceLocationOverride. */
export function sourceLocationOf(contextUri: string): string {
  return contextUri.replace(/^s3:\/\//, "");
}

type Cfn = string | number | boolean | null | Cfn[] | { [key: string]: Cfn };
const arn = (service: string, resource: string) => ({ "Fn::Sub": `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}` });

/** The condition that creates the project and its role: one stack per account and region does. */
export const WITH_IMAGE_BUILD = "WithImageBuildProject";
export const IMAGE_BUILD_PARAMETER = {
  CreateImageBuildProject: {
    Type: "String",
    Default: "false",
    AllowedValues: ["true", "false"],
    Description: `Create the CodeBuild project ${IMAGE_BUILD_PROJECT} that builds custom images, and its role (one stack per account and region does)`,
  },
};

/**
 * The project's service role: read the contexts, write its own log group, push to ECR (creating a repository
 * that is missing), and learn its account (the buildspec's `aws sts get-caller-identity`).
 */
function imageBuildRole(): Cfn {
  return {
    Type: "AWS::IAM::Role",
    Condition: WITH_IMAGE_BUILD,
    Properties: {
      RoleName: IMAGE_BUILD_ROLE,
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] },
      Policies: [
        {
          PolicyName: "ferry-image-build",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              { Sid: "ReadBuildContexts", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: { "Fn::Sub": `arn:\${AWS::Partition}:s3:::\${DataBucket}/${BUILD_CONTEXT_PREFIX}*` } },
              { Sid: "ListBuildContexts", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: { "Fn::Sub": "arn:${AWS::Partition}:s3:::${DataBucket}" } },
              { Sid: "WriteBuildLogs", Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: arn("logs", `log-group:/aws/codebuild/${IMAGE_BUILD_PROJECT}*`) },
              { Sid: "SignInToEcrAndKnowTheAccount", Effect: "Allow", Action: ["ecr:GetAuthorizationToken", "sts:GetCallerIdentity"], Resource: "*" },
              {
                Sid: "PushImages",
                Effect: "Allow",
                Action: ["ecr:DescribeRepositories", "ecr:CreateRepository", "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"],
                Resource: arn("ecr", "repository/*"),
              },
            ],
          },
        },
      ],
    },
  };
}

/** The project itself, with the buildspec and settings Ferry gives CreateProject (imageBuildProject). */
function imageBuildProjectResource(): Cfn {
  const project = imageBuildProject({ account: "", bucket: "" });
  return {
    Type: "AWS::CodeBuild::Project",
    Condition: WITH_IMAGE_BUILD,
    Properties: {
      Name: IMAGE_BUILD_PROJECT,
      Description: project.description ?? "",
      ServiceRole: { "Fn::GetAtt": ["ImageBuildRole", "Arn"] },
      // The buildspec's own `$VARIABLES` are CodeBuild's, so it is never given to Fn::Sub.
      Source: { Type: "S3", Location: { "Fn::Sub": `\${DataBucket}/${BUILD_CONTEXT_PREFIX}` }, BuildSpec: IMAGE_BUILDSPEC },
      Artifacts: { Type: "NO_ARTIFACTS" },
      Environment: { Type: "LINUX_CONTAINER", Image: project.environment?.image ?? "", ComputeType: project.environment?.computeType ?? "", PrivilegedMode: true },
      TimeoutInMinutes: project.timeoutInMinutes ?? TIMEOUT_MINUTES,
      LogsConfig: { CloudWatchLogs: { Status: "ENABLED" } },
      Tags: [{ Key: "ferry:managed", Value: "image-build" }],
    },
  };
}

export function imageBuildResources(): Record<string, Cfn> {
  return { ImageBuildRole: imageBuildRole(), ImageBuildProject: imageBuildProjectResource() };
}

/** What Ferry's access role needs for builds: run its project, pass the project's role, read build logs, confirm pushed digests. */
export function imageBuildAccessStatements(): PolicyStatement[] {
  const resource = (service: string, name: string) => `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${name}`;
  return [
    {
      Sid: "RunImageBuilds",
      Effect: "Allow",
      Action: ["codebuild:BatchGetProjects", "codebuild:CreateProject", "codebuild:UpdateProject", "codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild", "codebuild:ListBuildsForProject"],
      Resource: resource("codebuild", `project/${IMAGE_BUILD_PROJECT}`),
    },
    {
      Sid: "PassImageBuildRole",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${IMAGE_BUILD_ROLE}`,
      Condition: { StringEquals: { "iam:PassedToService": "codebuild.amazonaws.com" } },
    },
    { Sid: "ReadBuildLogs", Effect: "Allow", Action: ["logs:GetLogEvents"], Resource: resource("logs", `log-group:/aws/codebuild/${IMAGE_BUILD_PROJECT}:*`) },
    { Sid: "ConfirmBuiltImages", Effect: "Allow", Action: ["ecr:DescribeImages"], Resource: resource("ecr", "repository/*") },
  ];
}

import { parseS3Uri } from "@/lib/storage/objects";
import { ecrRepositoryOf } from "@/lib/aws/ecr-uri";

/**
 * Least-privilege IAM for a pipeline. The AWS sample's policy misses what `.sync` needs (Describe/Stop and
 * the managed EventBridge rule) and passes any role; these grant exactly what the generated definition uses.
 */
export type PolicyDocument = { Version: "2012-10-17"; Statement: PolicyStatement[] };
export type PolicyStatement = {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};

export type Scope = { partition?: string; region: string; accountId: string };

/** Step Functions' managed rule for .sync SageMaker Processing integrations. */
export const SYNC_EVENT_RULE = "StepFunctionsGetEventsForSageMakerProcessingJobsRule";

const arnPrefix = (scope: Scope, service: string) => `arn:${scope.partition ?? "aws"}:${service}:${scope.region}:${scope.accountId}`;

export function stateMachineRolePolicy(scope: Scope & { sagemakerRoleArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "RunProcessingJobs",
        Effect: "Allow",
        Action: [
          "sagemaker:AddTags",
          "sagemaker:CreateProcessingJob",
          "sagemaker:DescribeProcessingJob",
          "sagemaker:ListTags",
          "sagemaker:StopProcessingJob",
        ],
        Resource: `${arnPrefix(scope, "sagemaker")}:processing-job/*`,
      },
      {
        Sid: "WaitForProcessingJobs",
        Effect: "Allow",
        Action: ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
        Resource: `${arnPrefix(scope, "events")}:rule/${SYNC_EVENT_RULE}`,
      },
      {
        Sid: "PassSageMakerExecutionRole",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: scope.sagemakerRoleArn,
        Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
      },
    ],
  };
}


/** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]` → the repository's ARN. */
export function ecrRepositoryArn(imageUri: string, partition = "aws"): string | null {
  const image = ecrRepositoryOf(imageUri);
  if (!image) return null;
  return `arn:${partition}:ecr:${image.region}:${image.account}:repository/${image.repository}`;
}

/** Repositories to pull from: ECR repositories of the images (images outside ECR need no grant). */
export function imageRepositoryArns(imageUris: string[], partition = "aws"): string[] {
  return [...new Set(imageUris.map((u) => ecrRepositoryArn(u, partition)).filter((a): a is string => a !== null))].sort();
}

export function sagemakerRolePolicy(
  scope: Scope & { readUris: string[]; writeUris: string[]; repositoryArns: string[] },
): PolicyDocument {
  const partition = scope.partition ?? "aws";
  const repositories = scope.repositoryArns;
  const objects = (uris: string[]) => [...new Set(uris.map((u) => parseS3Uri(u)).map((l) => `arn:${partition}:s3:::${l.bucket}/${l.key}*`))].sort();
  const reads = [...scope.readUris, ...scope.writeUris].map(parseS3Uri);
  const buckets = [...new Set(reads.map((l) => l.bucket))].sort();
  const statements: PolicyStatement[] = [
    { Sid: "ReadInputsAndCode", Effect: "Allow", Action: ["s3:GetObject"], Resource: objects([...scope.readUris, ...scope.writeUris]) },
    {
      Sid: "ListInputPrefixes",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: buckets.map((b) => `arn:${partition}:s3:::${b}`),
      Condition: { StringLike: { "s3:prefix": [...new Set(reads.map((l) => `${l.key}*`))].sort() } },
    },
    { Sid: "WriteOutputs", Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:PutObject"], Resource: objects(scope.writeUris) },
    {
      Sid: "WriteJobLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      Resource: `${arnPrefix(scope, "logs")}:log-group:/aws/sagemaker/ProcessingJobs:*`,
    },
  ];
  if (repositories.length > 0) {
    statements.push(
      { Sid: "PullImages", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: repositories },
      // GetAuthorizationToken has no resource-level permissions in IAM.
      { Sid: "AuthenticateToEcr", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

import { SFNClient } from "@aws-sdk/client-sfn";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { S3Client } from "@aws-sdk/client-s3";
import { ECRClient } from "@aws-sdk/client-ecr";
import { awsEndpoint, env, type Env } from "@/lib/config/env";

/** Where SDK calls go. The only place in the app that knows about endpoints. */
export type AwsTarget = { region: string; endpoint?: string };

export function defaultTarget(config: Env = env()): AwsTarget {
  return { region: config.AWS_REGION, endpoint: awsEndpoint(config) };
}

// The embedded engine accepts any signature; real AWS gets the SDK's default credential chain.
const ENGINE_CREDENTIALS = { accessKeyId: "ferry-embedded", secretAccessKey: "ferry-embedded" };

function common(target: AwsTarget, config: Env) {
  const embedded = config.FERRY_MODE === "embedded" && target.endpoint !== undefined;
  return {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(embedded ? { credentials: ENGINE_CREDENTIALS } : {}),
    maxAttempts: 3,
  };
}

export function awsClients(target: AwsTarget = defaultTarget(), config: Env = env()) {
  const base = common(target, config);
  return {
    sfn: new SFNClient(base),
    sagemaker: new SageMakerClient(base),
    // Path-style keeps bucket names out of host names, which the engine and VPC endpoints need.
    s3: new S3Client({ ...base, forcePathStyle: target.endpoint !== undefined }),
    // The catalog verifies images with DescribeImages (AWS environments only; the engine has no ECR).
    ecr: new ECRClient(base),
  };
}

import path from "node:path";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { S3Client } from "@aws-sdk/client-s3";
import { ECRClient } from "@aws-sdk/client-ecr";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { awsEndpoint, env, type Env } from "@/lib/config/env";
import { type EngineCredentials, readCredentialsFile } from "@/lib/engine/auth/credentials-file";

/**
 * Where SDK calls go. The only place in the app that knows about endpoints. `engine`: the endpoint is the
 * embedded engine, which is signed with its own credentials; anything else (AWS, or an endpoint override of an
 * AWS environment) gets the SDK's default credential chain.
 */
export type AwsTarget = { region: string; endpoint?: string; engine?: boolean };

export function defaultTarget(config: Env = env()): AwsTarget {
  return { region: config.AWS_REGION, endpoint: awsEndpoint(config), engine: config.FERRY_MODE === "embedded" };
}

export function engineCredentialsFile(config: Env = env()): string {
  return path.resolve(config.FERRY_ENGINE_CREDENTIALS_FILE ?? path.join(config.FERRY_DATA_DIR, "engine", "credentials"));
}

/**
 * The embedded engine answers only requests signed with the credentials it generated (lib/engine/auth);
 * they are read from its credentials file when a client first signs, never hard-coded.
 */
export function engineCredentials(config: Env = env()): () => Promise<EngineCredentials> {
  const file = engineCredentialsFile(config);
  return async () => {
    const credentials = await readCredentialsFile(file);
    if (!credentials) {
      throw new Error(`The embedded engine's credentials file ${file} does not exist: start the engine (npm start or npm run engine), or set FERRY_ENGINE_CREDENTIALS_FILE to its file.`);
    }
    return credentials;
  };
}

function common(target: AwsTarget, config: Env) {
  return {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.engine && target.endpoint ? { credentials: engineCredentials(config) } : {}),
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
    // Run status events: an EventBridge rule sends them to an SQS queue the reconciler long-polls (issue 13).
    sqs: new SQSClient(base),
    eventBridge: new EventBridgeClient(base),
  };
}

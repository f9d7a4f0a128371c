import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { ECRClient } from "@aws-sdk/client-ecr";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SFNClient } from "@aws-sdk/client-sfn";
import { STSClient } from "@aws-sdk/client-sts";
import { credentialsFor } from "./credentials";
import { type AwsTarget, type EnvironmentTarget, type Principal, targetFor, targetKey } from "./targets";

/** Every AWS service Ferry calls, for one target. (SQS and EventBridge join here when status comes by push.) */
export interface AwsClients {
  sfn: SFNClient;
  sagemaker: SageMakerClient;
  s3: S3Client;
  ecr: ECRClient;
  logs: CloudWatchLogsClient;
  sts: STSClient;
}

/**
 * Client sets are kept per target (region, endpoint, whose credentials) and shared by every caller: the
 * reconciler syncs thousands of runs through a handful of sets, and an assumed role is assumed once per set,
 * not per call. Their credentials are refreshed before they expire (credentials.ts). The oldest set is
 * destroyed when more than this many targets are in use (a user's session name is part of the target).
 */
const MAX_TARGETS = 200;
const cache = new Map<string, AwsClients>();

export function awsClients(target: AwsTarget): AwsClients {
  const key = targetKey(target);
  const cached = cache.get(key);
  if (cached) {
    // Most recently used last: the first entry is the one to evict.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const clients = createClients(target);
  cache.set(key, clients);
  if (cache.size > MAX_TARGETS) evictOldest();
  return clients;
}

/** The clients of an environment, on behalf of a user (its role session carries their name) or of Ferry itself. */
export function clientsFor(environment: EnvironmentTarget, principal: Principal = null): AwsClients {
  return awsClients(targetFor(environment, principal));
}

function createClients(target: AwsTarget): AwsClients {
  const common = {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    credentials: credentialsFor(target),
    maxAttempts: 3,
  };
  return {
    sfn: new SFNClient(common),
    sagemaker: new SageMakerClient(common),
    // Path-style keeps bucket names out of host names, which the engine and VPC endpoints need.
    s3: new S3Client({ ...common, forcePathStyle: target.endpoint !== undefined }),
    ecr: new ECRClient(common),
    logs: new CloudWatchLogsClient(common),
    sts: new STSClient(common),
  };
}

function evictOldest(): void {
  const [key, clients] = cache.entries().next().value ?? [];
  if (key === undefined || !clients) return;
  cache.delete(key);
  for (const client of Object.values(clients)) client.destroy();
}

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SFNClient } from "@aws-sdk/client-sfn";
import { startEngine } from "@/lib/engine";

export const TEST_REGION = "us-east-1";
export const TEST_ACCOUNT = "000000000000";
export const TEST_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/ferry-test`;
/** Any signed request is accepted on loopback; these only let the SDK sign. */
export const TEST_CREDENTIALS = { accessKeyId: "AKIDFERRYTEST", secretAccessKey: "ferry-test-secret" };

export interface TestEngine {
  endpoint: string;
  dataDir: string;
  sfn: SFNClient;
  sagemaker: SageMakerClient;
  s3: S3Client;
  /** Stops the engine and, unless the caller passed its own data directory, removes it. */
  close(): Promise<void>;
}

export interface TestEngineOptions {
  /** Reuse a data directory (restart tests); the caller then removes it. */
  dataDir?: string;
  maxConcurrentJobs?: number;
}

/** An engine on a random port with a throwaway data directory, and SDK clients pointed at it. */
export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "ferry-engine-test-")));
  const engine = await startEngine({ port: 0, dataDir, maxConcurrentJobs: options.maxConcurrentJobs });
  const common = { endpoint: engine.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS };
  const sfn = new SFNClient(common);
  const sagemaker = new SageMakerClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  return {
    endpoint: engine.endpoint,
    dataDir,
    sfn,
    sagemaker,
    s3,
    close: async () => {
      for (const client of [sfn, sagemaker, s3]) client.destroy();
      await engine.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function makeTempDir(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `ferry-${label}-`));
}

import os from "node:os";
import path from "node:path";
import { composeEngine, type RunningEngine } from "./engine";
import { createProcessingService } from "./sagemaker/index";

export type { RunningEngine } from "./engine";

export interface StartEngineOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  dataDir: string;
  /** Defaults to `<dataDir>/credentials`: created on first start, reused after. */
  credentialsFile?: string;
  maxConcurrentJobs?: number;
  region?: string;
  accountId?: string;
}

/**
 * Starts the embedded AWS-compatible engine (Step Functions, SageMaker Processing, S3) on loopback. It
 * answers only requests signed with its own credentials (see lib/engine/README.md, "Who may call").
 */
export function startEngine(options: StartEngineOptions): Promise<RunningEngine> {
  return composeEngine(
    {
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 4599,
      dataDir: options.dataDir,
      credentialsFile: options.credentialsFile ?? path.join(options.dataDir, "credentials"),
      maxConcurrentJobs: options.maxConcurrentJobs ?? os.cpus().length,
      region: options.region ?? "us-east-1",
      accountId: options.accountId ?? "000000000000",
    },
    createProcessingService,
  );
}

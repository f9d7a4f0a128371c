import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { staticCredentialStore } from "./auth/credential-store";
import { type EngineCredentials, loadOrCreateCredentials } from "./auth/credentials-file";
import { isLoopbackAddress } from "./auth/host";
import type { ObjectStore, ProcessingJobs } from "./contracts";
import { EventBridgeService } from "./events/service";
import type { StatusEvents } from "./events/status-events";
import type { JsonService } from "./http/json-protocol";
import { createEngineServer } from "./http/server";
import { loadServiceModels, validatedByModel } from "./models";
import { S3Handler } from "./s3/handler";
import { MultipartUploads } from "./s3/multipart";
import { LocalObjectStore } from "./s3/object-store";
import { S3Store } from "./s3/store";
import { StepFunctionsService } from "./sfn/service";
import { SqsHandler } from "./sqs/http";
import { SqsService } from "./sqs/service";

/** What the SageMaker side provides; it lives in ./sagemaker and is composed in by index.ts. */
export interface ProcessingService extends ProcessingJobs, JsonService {
  recover(): Promise<void>;
  close(): Promise<void>;
  handleHttp?(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export type CreateProcessingService = (opts: {
  dataDir: string;
  objects: ObjectStore;
  maxConcurrentJobs: number;
  region: string;
  accountId: string;
  events: StatusEvents;
}) => ProcessingService;

export interface EngineOptions {
  host: string;
  port: number;
  dataDir: string;
  /** Where the engine keeps its credentials (AWS shared-credentials format, profile `ferry`). */
  credentialsFile: string;
  maxConcurrentJobs: number;
  region: string;
  accountId: string;
}

export interface RunningEngine {
  endpoint: string;
  port: number;
  region: string;
  /** The only credentials the engine accepts; also in `credentialsFile`. */
  credentials: EngineCredentials;
  credentialsFile: string;
  close(): Promise<void>;
}

/**
 * Composes the engine: its credentials, the S3 store (jobs read and write objects), SQS and EventBridge
 * (where status changes go), then SageMaker (recovering its jobs), then Step Functions (failing executions
 * an earlier run left open), then the listener, on loopback only.
 */
export async function composeEngine(options: EngineOptions, createProcessing: CreateProcessingService): Promise<RunningEngine> {
  loadServiceModels();
  if (!isLoopbackAddress(options.host)) {
    throw new Error(`The engine listens on loopback only (127.0.0.1, ::1 or localhost), not ${options.host}.`);
  }
  const credentials = await loadOrCreateCredentials(options.credentialsFile);
  const s3Root = path.join(options.dataDir, "s3");
  const store = new S3Store(s3Root);
  await store.load();
  const partition = { region: options.region, accountId: options.accountId };
  const sqs = new SqsService(path.join(options.dataDir, "sqs"), partition);
  await sqs.load();
  const events = new EventBridgeService(path.join(options.dataDir, "events"), partition, (arn, body, allowed) => sqs.deliver(arn, body, allowed));
  await events.load();
  const processing = createProcessing({
    dataDir: path.join(options.dataDir, "sagemaker"),
    objects: new LocalObjectStore(store),
    maxConcurrentJobs: options.maxConcurrentJobs,
    region: options.region,
    accountId: options.accountId,
    events,
  });
  await processing.recover();
  const stepFunctions = new StepFunctionsService(path.join(options.dataDir, "sfn"), processing, partition, events);
  await stepFunctions.start();
  const server = createEngineServer(
    {
      stepFunctions: validatedByModel(stepFunctions, "stepfunctions"),
      sageMaker: processing,
      ferry: async (req, res) => (await processing.handleHttp?.(req, res)) ?? false,
      s3: new S3Handler(store, new MultipartUploads(s3Root, store)),
      sqs: new SqsHandler(sqs),
      events,
    },
    { store: staticCredentialStore(credentials), region: options.region },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    region: options.region,
    credentials,
    credentialsFile: options.credentialsFile,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sqs.close();
      await stepFunctions.close();
      await processing.close();
      await events.close();
    },
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chainedCredentialStore, staticCredentialStore } from "./auth/credential-store";
import { type EngineCredentials, loadOrCreateCredentials } from "./auth/credentials-file";
import { isLoopbackAddress } from "./auth/host";
import type { ObjectStore, ProcessingJobs } from "./contracts";
import { createCodeBuildService } from "./codebuild/service";
import { createSecretsManagerService } from "./secretsmanager/service";
import { createEcrService } from "./ecr/service";
import { EventBridgeService } from "./events/service";
import type { StatusEvents } from "./events/status-events";
import type { JsonService } from "./http/json-protocol";
import { createEngineServer } from "./http/server";
import type { ImageRegistry } from "./images/registry";
import { LogStore } from "./logs/log-store";
import { createLogsService } from "./logs/service";
import { loadServiceModels, validatedByModel } from "./models";
import { S3Handler } from "./s3/handler";
import { MultipartUploads } from "./s3/multipart";
import { LocalObjectStore } from "./s3/object-store";
import { S3Store } from "./s3/store";
import { StepFunctionsService } from "./sfn/service";
import { SqsHandler } from "./sqs/http";
import { SqsService } from "./sqs/service";
import { SessionStore } from "./sts/sessions";
import { createStsService } from "./sts/service";

/** What the SageMaker side provides; it lives in ./sagemaker and is composed in by index.ts. */
export interface ProcessingService extends ProcessingJobs, JsonService {
  recover(): Promise<void>;
  close(): Promise<void>;
  handleHttp?(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The image registry, once loaded: what the engine's ECR answers from. */
  images(): Promise<ImageRegistry>;
}

export type CreateProcessingService = (opts: {
  dataDir: string;
  objects: ObjectStore;
  logs: LogStore;
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
  /** The engine's long-term credentials (also in `credentialsFile`); STS AssumeRole hands out temporary ones. */
  credentials: EngineCredentials;
  credentialsFile: string;
  close(): Promise<void>;
}

/**
 * Composes the engine: its credentials and STS's sessions, the S3 store (jobs read and write objects),
 * CloudWatch Logs (jobs and builds write their output there), SQS and EventBridge (where status changes go), then
 * SageMaker (recovering its jobs), ECR (its view of the image registry) and CodeBuild (which pushes into that
 * registry), Secrets Manager, then Step Functions (failing executions an earlier run left open), then the listener, on loopback only.
 */
export async function composeEngine(options: EngineOptions, createProcessing: CreateProcessingService): Promise<RunningEngine> {
  loadServiceModels();
  if (!isLoopbackAddress(options.host)) {
    throw new Error(`The engine listens on loopback only (127.0.0.1, ::1 or localhost), not ${options.host}.`);
  }
  const credentials = await loadOrCreateCredentials(options.credentialsFile);
  const sessions = new SessionStore(path.join(options.dataDir, "sts", "sessions"));
  await sessions.load();
  const s3Root = path.join(options.dataDir, "s3");
  const store = new S3Store(s3Root);
  await store.load();
  const logs = new LogStore(path.join(options.dataDir, "logs"));
  await logs.load();
  const scope = { region: options.region, accountId: options.accountId };
  const sqs = new SqsService(path.join(options.dataDir, "sqs"), scope);
  await sqs.load();
  const events = new EventBridgeService(path.join(options.dataDir, "events"), scope, (arn, body, allowed) => sqs.deliver(arn, body, allowed));
  await events.load();
  const processing = createProcessing({
    dataDir: path.join(options.dataDir, "sagemaker"),
    objects: new LocalObjectStore(store),
    logs,
    maxConcurrentJobs: options.maxConcurrentJobs,
    region: options.region,
    accountId: options.accountId,
    events,
  });
  await processing.recover();
  const codeBuild = createCodeBuildService({ dataDir: path.join(options.dataDir, "codebuild"), logs, images: () => processing.images(), ...scope });
  await codeBuild.recover();
  const secretsManager = createSecretsManagerService({ dataDir: path.join(options.dataDir, "secretsmanager"), ...scope });
  await secretsManager.load();
  const stepFunctions = new StepFunctionsService(path.join(options.dataDir, "sfn"), processing, scope, events);
  await stepFunctions.start();
  const server = createEngineServer(
    {
      stepFunctions: validatedByModel(stepFunctions, "stepfunctions"),
      sageMaker: processing,
      logs: validatedByModel(createLogsService(logs, scope), "logs"),
      ecr: validatedByModel(createEcrService(() => processing.images(), scope), "ecr"),
      codeBuild: validatedByModel(codeBuild, "codebuild"),
      secretsManager: validatedByModel(secretsManager, "secretsmanager"),
      sts: createStsService(sessions, scope),
      ferry: async (req, res) => (await processing.handleHttp?.(req, res)) ?? false,
      s3: new S3Handler(store, new MultipartUploads(s3Root, store)),
      sqs: new SqsHandler(sqs),
      events,
    },
    { store: chainedCredentialStore(staticCredentialStore(credentials), sessions), region: options.region },
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
      await codeBuild.close();
      await processing.close();
      await events.close();
    },
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import type { ObjectStore, ProcessingJobs } from "../contracts";
import { ImageRegistry } from "../images/registry";
import { LogStore } from "../logs/log-store";
import { DEFAULT_BWRAP } from "../sandbox/bwrap-available";
import { handleFerryRoute } from "./http-routes";
import { JobStore } from "./job-store";
import { handleOperation } from "./operations";
import { ProcessingJobService } from "./processing-service";

export { toWire } from "./wire";

export interface ProcessingServiceOptions {
  /** The service's own folder (jobs, logs, image builds). */
  dataDir: string;
  objects: ObjectStore;
  /** CloudWatch Logs, where each job's output is written as it runs; the engine passes its own. Default: `<dataDir>/logs`. */
  logs?: LogStore;
  /** Jobs running at once; more stay InProgress in a queue. Defaults to the CPU count when not positive. */
  maxConcurrentJobs: number;
  region?: string;
  accountId?: string;
  /** bubblewrap binary; jobs fail with install instructions when it is missing. */
  bwrapPath?: string;
  /** Between SIGTERM and SIGKILL when a job is stopped or exceeds MaxRuntimeInSeconds. */
  killGraceMs?: number;
}

export interface ProcessingService extends ProcessingJobs {
  /** Serves `X-Amz-Target: SageMaker.<operation>` JSON bodies; returns the wire-form result or throws AwsError. */
  handle(operation: string, body: unknown): Promise<unknown>;
  /** Called once at start-up: requeues jobs that never started, fails those that were running. */
  recover(): Promise<void>;
  /** Kills running sandboxes. */
  close(): Promise<void>;
  /** `/_ferry/images` and `/_ferry/interpreters`; false when the path is not one of these. */
  handleHttp(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The image registry once loaded: ECR's view of the images. */
  images(): Promise<ImageRegistry>;
}

export function createProcessingService(opts: ProcessingServiceOptions): ProcessingService {
  const store = new JobStore(opts.dataDir);
  const images = new ImageRegistry(opts.dataDir, opts.objects);
  const logs = opts.logs ?? new LogStore(path.join(opts.dataDir, "logs"));
  const ready = Promise.all([store.load(), images.load(), opts.logs ? undefined : logs.load()]).then(() => undefined);
  const service = new ProcessingJobService({
    store,
    images,
    objects: opts.objects,
    logs,
    maxConcurrentJobs: opts.maxConcurrentJobs > 0 ? opts.maxConcurrentJobs : os.availableParallelism(),
    region: opts.region ?? "us-east-1",
    accountId: opts.accountId ?? "000000000000",
    bwrap: opts.bwrapPath ?? DEFAULT_BWRAP,
    killGraceMs: opts.killGraceMs ?? 10_000,
    ready,
  });
  return {
    create: (request) => service.create(request),
    describe: (name) => service.describe(name),
    stop: (name) => service.stop(name),
    waitForTerminal: (name, signal) => service.waitForTerminal(name, signal),
    handle: (operation, body) => handleOperation(service, operation, body),
    recover: () => service.recover(),
    close: () => service.close(),
    handleHttp: (req, res) => handleFerryRoute(req, res, { images, ready }),
    images: () => ready.then(() => images),
  };
}

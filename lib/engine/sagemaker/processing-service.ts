import type { DescribeProcessingJobResponse, ListProcessingJobsResponse } from "@aws-sdk/client-sagemaker";
import { EventEmitter } from "node:events";
import pLimit from "p-limit";
import type { ObjectStore, ProcessingJobs } from "../contracts";
import { AwsError } from "../errors";
import { NO_EVENTS, processingJobStateChange, type StatusEvents } from "../events/status-events";
import { mark } from "../trace";
import type { ImageRegistry } from "../images/registry";
import type { LogStore } from "../logs/log-store";
import { processingJobLogWriter } from "../logs/processing-jobs";
import { bwrapAvailable } from "../sandbox/bwrap-available";
import { limitCapsFromEnv } from "../sandbox/limits";
import { killOrphanedSandboxes } from "../sandbox/orphans";
import { loadSandboxHost, type SandboxHost } from "../sandbox/sandbox-host";
import { describeRecord, TERMINAL, type JobRecord } from "./job-record";
import { runJob, type JobControl, type RunnerContext } from "./job-runner";
import { JobSlots } from "./job-slots";
import { removeWorkspace } from "./job-workspace";
import type { JobStore } from "./job-store";
import { listJobs } from "./list-jobs";
import { isProcessingJobName } from "./request-schema";
import { validateCreateRequest } from "./validate-create";

export interface ServiceDeps {
  store: JobStore;
  images: ImageRegistry;
  objects: ObjectStore;
  /** CloudWatch Logs: each job's output goes to its stream there too. */
  logs: LogStore;
  maxConcurrentJobs: number;
  region: string;
  accountId: string;
  bwrap: string;
  killGraceMs: number;
  /** Resolves once the store and the image registry have loaded their state from disk. */
  ready: Promise<void>;
  /** Status changes go out as EventBridge events once the record holding them is written. */
  events?: StatusEvents;
}

const RESTARTED = "InternalServerError: the engine restarted while the job was running; start it again under a new name.";

/**
 * The processing-job life cycle: create (validate, persist, queue), run up to `maxConcurrentJobs` at once (the
 * rest stay InProgress, as SageMaker's do while it provisions), stop, describe, list, wait, and recovery of
 * jobs a previous engine process left behind.
 */
export class ProcessingJobService implements ProcessingJobs {
  private readonly limit;
  private readonly controls = new Map<string, JobControl>();
  private readonly running = new Set<Promise<void>>();
  private readonly events = new EventEmitter();
  private readonly runner: RunnerContext;
  private readonly slots = new JobSlots();
  private sandboxHost?: Promise<SandboxHost>;
  private bwrapFound = false;

  constructor(private readonly deps: ServiceDeps) {
    this.limit = pLimit(Math.max(1, deps.maxConcurrentJobs));
    this.events.setMaxListeners(0);
    this.runner = {
      store: deps.store,
      objects: deps.objects,
      images: deps.images,
      bwrap: deps.bwrap,
      bwrapAvailable: () => this.bwrapAvailable(),
      sandboxHost: () => this.loadSandboxHost(),
      // Read at start: a malformed FERRY_ENGINE_* setting stops the engine with the variable's name.
      caps: limitCapsFromEnv(),
      logEvents: (record) => processingJobLogWriter(deps.logs, record.request.ProcessingJobName, record.creationTime),
      finish: (name, change) => this.finish(name, change),
    };
  }

  /** Takes the raw body: the wire and the SDK-typed callers (Step Functions) go through the same validation. */
  async create(body: unknown): Promise<{ ProcessingJobArn: string }> {
    await this.deps.ready;
    const request = validateCreateRequest(body);
    const name = request.ProcessingJobName;
    // ARNs carry the name in lower case, so names differing only in case collide, as in SageMaker.
    if (this.deps.store.hasNameIgnoringCase(name)) {
      throw new AwsError("ResourceInUse", `Job name must be unique within an AWS account and region, and a job with this name already exists (${this.arn(name)})`);
    }
    const now = Date.now();
    const record: JobRecord = { request, arn: this.arn(name), status: "InProgress", phase: "queued", creationTime: now, lastModifiedTime: now };
    mark(name, "job.created");
    const persisted = this.deps.store.insert(record);
    const created = processingJobStateChange(describeRecord(record));
    // The job may start while its record is being written: its own writes (and events) queue behind this one.
    this.enqueue(name);
    await persisted;
    this.statusEvents.emit(created);
    return { ProcessingJobArn: record.arn };
  }

  async describe(name: string): Promise<DescribeProcessingJobResponse> {
    await this.deps.ready;
    return describeRecord(this.require(name));
  }

  async list(body: unknown): Promise<ListProcessingJobsResponse> {
    await this.deps.ready;
    return listJobs(this.deps.store.all(), body);
  }

  async stop(name: string): Promise<void> {
    await this.deps.ready;
    const record = this.require(name);
    if (record.status !== "InProgress") {
      throw new AwsError("ValidationException", `The processing job ${name} is in status ${record.status} and cannot be stopped.`);
    }
    const control = this.controls.get(name);
    if (!control || record.phase === "queued") {
      if (control) control.stopRequested = true;
      await this.finish(name, { status: "Stopped" });
      return;
    }
    control.stopRequested = true;
    await this.deps.store.update(name, { status: "Stopping" });
    this.announce(name);
    control.terminate?.();
  }

  async waitForTerminal(name: string, signal?: AbortSignal): Promise<DescribeProcessingJobResponse> {
    await this.deps.ready;
    this.require(name);
    return new Promise((resolve, reject) => {
      const check = () => {
        const record = this.deps.store.get(name);
        if (record && TERMINAL.has(record.status)) {
          cleanup();
          resolve(describeRecord(record));
        }
      };
      const abort = () => {
        cleanup();
        reject(signal?.reason ?? new Error("aborted"));
      };
      const cleanup = () => {
        this.events.off(name, check);
        signal?.removeEventListener("abort", abort);
      };
      if (signal?.aborted) return abort();
      this.events.on(name, check);
      signal?.addEventListener("abort", abort);
      check();
    });
  }

  /**
   * Kills the sandboxes an engine that died left running, then queues jobs that never started and fails the
   * ones whose container was running when the engine stopped.
   */
  async recover(): Promise<void> {
    await this.deps.ready;
    const killed = await killOrphanedSandboxes(this.deps.store.jobsRoot);
    if (killed > 0) console.warn(`ferry engine: killed ${killed} sandbox${killed === 1 ? "" : "es"} a previous engine left running`);
    for (const record of this.deps.store.all()) {
      const name = record.request.ProcessingJobName;
      if (record.status === "Stopping") await this.finish(name, { status: "Stopped" });
      else if (record.status === "InProgress" && record.phase === "queued") this.enqueue(name);
      else if (record.status === "InProgress") await this.finish(name, { status: "Failed", failureReason: RESTARTED });
      if (record.phase !== "queued") await removeWorkspace(this.deps.store.jobDir(name));
    }
  }

  /** Kills running sandboxes (their jobs fail with that cause); queued jobs stay queued for the next start. */
  async close(): Promise<void> {
    this.limit.clearQueue();
    for (const control of this.controls.values()) {
      control.closing = true;
      control.terminate?.(0);
    }
    await Promise.allSettled([...this.running]);
  }

  private enqueue(name: string): void {
    const control: JobControl = { stopRequested: false, closing: false };
    this.controls.set(name, control);
    // Only started runs are tracked: close() clears the queue, and cleared runs never settle.
    void this.limit(async () => {
      const slot = this.slots.take();
      const run = runJob(this.runner, name, control, slot);
      this.running.add(run);
      try {
        await run;
      } finally {
        this.running.delete(run);
        this.controls.delete(name);
        this.slots.release(slot);
      }
    }).catch((error: unknown) => {
      // runJob records its own failures; reaching here means the job's state could not be written.
      console.error(`ferry engine: processing job ${name} could not be recorded`, error);
    });
  }

  /** Idempotent: the first terminal state wins (a stop and the runner's own ending may race). */
  private async finish(name: string, change: Partial<JobRecord>): Promise<void> {
    const current = this.deps.store.get(name);
    if (!current || TERMINAL.has(current.status)) return;
    try {
      await this.deps.store.update(name, { ...change, phase: "finished", processingEndTime: Date.now() });
      mark(name, "job.recorded");
      this.announce(name);
    } finally {
      // The record is terminal in memory even when the disk refused it: waiters must not hang on that.
      this.events.emit(name);
    }
  }

  /** "SageMaker Processing Job State Change", as the job's record now stands. */
  private announce(name: string): void {
    const record = this.deps.store.get(name);
    if (record) this.statusEvents.emit(processingJobStateChange(describeRecord(record)));
  }

  private get statusEvents(): StatusEvents {
    return this.deps.events ?? NO_EVENTS;
  }

  /** Once per process; a failure (a missing seccomp binding) is not kept, so installing it is enough. */
  private loadSandboxHost(): Promise<SandboxHost> {
    this.sandboxHost ??= loadSandboxHost(this.deps.bwrap, this.deps.killGraceMs).catch((error: unknown) => {
      this.sandboxHost = undefined;
      throw error;
    });
    return this.sandboxHost;
  }

  /** Checked per job until found once: a missing bwrap can be installed while the engine runs. */
  private async bwrapAvailable(): Promise<boolean> {
    this.bwrapFound ||= await bwrapAvailable(this.deps.bwrap);
    return this.bwrapFound;
  }

  private require(name: string): JobRecord {
    const record = isProcessingJobName(name) ? this.deps.store.get(name) : undefined;
    // AWS answers ValidationException here, though its model lists ResourceNotFound: botocore's
    // ProcessingJobCompletedOrStopped waiter ends on ValidationException (see lib/engine/README.md).
    if (!record) throw new AwsError("ValidationException", `Could not find requested job with name ${name}`);
    return record;
  }

  private arn(name: string): string {
    return `arn:aws:sagemaker:${this.deps.region}:${this.deps.accountId}:processing-job/${name.toLowerCase()}`;
  }
}

import PgBoss from "pg-boss";
import { ZodError } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { startReconciler, type ReconcilerOptions } from "@/lib/runs/reconciler/index";
import { JOB_KINDS, JOBS, type JobKind, type JobPayload } from "@/lib/jobs/definitions";
import { beat, forgetOldWorkers, markStopped, workerIdentity, type WorkerCounters } from "./heartbeat";
import { jobSettings, type JobSettings } from "@/lib/jobs/settings";

export type JobHandler<K extends JobKind> = (db: PrismaClient, payload: JobPayload<K>) => Promise<void>;
export type JobHandlers = { [K in JobKind]: JobHandler<K> };

export type WorkerOptions = {
  db: PrismaClient;
  databaseUrl: string;
  handlers: JobHandlers;
  settings?: JobSettings;
  /** Reconciler tuning (tests); the worker always reconciles. */
  reconciler?: Omit<ReconcilerOptions, "db" | "signal" | "onError">;
  log?: (message: string) => void;
};

export type Worker = { id: string; counters: WorkerCounters; stop(): Promise<void> };

/**
 * A worker: the run reconciler, the job queue's consumers and a heartbeat, in one process. Any number of them may
 * run against one database: runs are leased row by row (lib/runs/reconciler) and jobs by pg-boss (SKIP LOCKED,
 * with a lease of FERRY_JOB_LEASE_SECONDS after which another worker takes over a job whose worker died).
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const settings = options.settings ?? jobSettings();
  const log = options.log ?? ((message: string) => console.log(`[worker] ${message}`));
  const me = workerIdentity();
  const counters: WorkerCounters = { runsSynced: 0, jobsDone: 0, jobsFailed: 0, lastError: null };
  const recordError = (message: string) => {
    counters.lastError = { message, at: new Date() };
    log(message);
  };

  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    application_name: "ferry-worker",
    // The schema comes from Ferry's migrations; a pg-boss that expects another version refuses to start.
    migrate: false,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: settings.FERRY_JOB_MAINTENANCE_SECONDS,
    max: JOB_KINDS.length * settings.FERRY_WORKER_CONCURRENCY + 2,
  });
  boss.on("error", (error) => recordError(`queue: ${error.message}`));
  await boss.start();

  const run = async <K extends JobKind>(kind: K, job: PgBoss.Job<unknown>) => {
    try {
      await options.handlers[kind](options.db, JOBS[kind].payload.parse(job.data) as JobPayload<K>);
      counters.jobsDone += 1;
    } catch (error) {
      counters.jobsFailed += 1;
      const message = error instanceof Error ? error.message : String(error);
      // A payload that does not parse will not parse on a retry either: the job is completed, and said so.
      if (error instanceof ZodError) return recordError(`${kind} job ${job.id} refused: malformed payload (${message.slice(0, 300)})`);
      recordError(`${kind} job ${job.id} failed; pg-boss retries it with back-off: ${message}`);
      throw error;
    }
  };
  for (const kind of JOB_KINDS) {
    for (let i = 0; i < settings.FERRY_WORKER_CONCURRENCY; i++) {
      await boss.work(JOBS[kind].queue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => (job ? run(kind, job) : undefined));
    }
  }

  const reconciler = startReconciler({ ...options.reconciler, db: options.db, onError: (runId, error) => recordError(`sync of run ${runId} failed: ${error instanceof Error ? error.message : String(error)}`) });
  const heartbeat = () =>
    beat(options.db, me, { ...counters, runsSynced: reconciler.syncs() }).catch((error: unknown) => {
      counters.lastError = { message: `heartbeat: ${error instanceof Error ? error.message : String(error)}`, at: new Date() };
    });
  await heartbeat();
  await forgetOldWorkers(options.db).catch(() => undefined);
  const beats = setInterval(() => void heartbeat(), settings.FERRY_WORKER_BEAT_SECONDS * 1000);
  log(`${me.id} started: reconciling runs and working ${JOB_KINDS.length} job queues (${settings.FERRY_WORKER_CONCURRENCY} at a time each)`);

  let stopping: Promise<void> | null = null;
  return {
    id: me.id,
    counters,
    stop() {
      stopping ??= (async () => {
        clearInterval(beats);
        // Jobs in flight get FERRY_WORKER_SHUTDOWN_SECONDS; pg-boss then fails what is left, so it is retried elsewhere.
        await Promise.all([boss.stop({ graceful: true, wait: true, timeout: settings.FERRY_WORKER_SHUTDOWN_SECONDS * 1000 }), reconciler.stop()]);
        await beat(options.db, me, { ...counters, runsSynced: reconciler.syncs() }).catch(() => undefined);
        await markStopped(options.db, me).catch(() => undefined);
      })();
      return stopping;
    },
  };
}

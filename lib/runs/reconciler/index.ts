import pLimit from "p-limit";
import type { PrismaClient } from "@/generated/prisma/client";
import { CallCounter, TokenBucket } from "../aws-calls";
import { syncRun } from "./sync-run";

/**
 * The reconciler: brings every active run (PENDING or RUNNING) up to date, oldest-synced first. The budget
 * and how it is enforced are in lib/runs/README.md. Several reconcilers may run at once: a run is leased by
 * moving its last_synced_at forward under FOR UPDATE SKIP LOCKED, so each run is claimed by one of them.
 */
export type ReconcilerOptions = {
  db: PrismaClient;
  signal?: AbortSignal;
  /** Shortest time between two syncs of one run. */
  minIntervalMs?: number;
  /**
   * Runs of environments whose status events are set up (environments.events_queue_url) are synced when their
   * events arrive (lib/runs/events); polling them is only the safety net, at most every this many ms and with
   * `safetyNetReadsPerSecond` of the budget, so a run whose events were lost still reaches its final state.
   */
  safetyNetIntervalMs?: number;
  safetyNetReadsPerSecond?: number;
  /** Calls per second allowed for each read API (DescribeExecution, GetExecutionHistory, DescribeProcessingJob). */
  readsPerSecond?: number;
  concurrency?: number;
  pendingGraceMs?: number;
  tickMs?: number;
  onError?: (runId: string, error: unknown) => void;
};

export type Reconciler = { stop(): Promise<void>; counter: CallCounter; syncs(): number };

export const DEFAULTS = {
  minIntervalMs: 2_000,
  readsPerSecond: 20,
  concurrency: 16,
  pendingGraceMs: 15_000,
  tickMs: 250,
  safetyNetIntervalMs: 300_000,
  safetyNetReadsPerSecond: 2,
} as const;

/**
 * Runs due for a sync, leased by moving last_synced_at so neither this nor another reconciler picks them again
 * meanwhile. A RUNNING run of an environment with status events is due only after `safetyNetMs` of quiet (an
 * event's sync moves last_synced_at too); PENDING runs are recovered at the normal pace either way.
 */
async function claim(db: PrismaClient, limit: number, intervals: { pollMs: number; safetyNetMs: number }, pendingGraceMs: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE runs SET last_synced_at = now()
    WHERE id IN (
      SELECT r.id FROM runs r JOIN environments e ON e.id = r.environment_id
      WHERE r.status IN ('PENDING', 'RUNNING')
        AND CASE WHEN r.status = 'RUNNING' AND e.events_queue_url IS NOT NULL
              -- A run its events have not synced yet counts from its creation: its first events are on the way.
              THEN COALESCE(r.last_synced_at, r.created_at) < now() - make_interval(secs => ${intervals.safetyNetMs / 1000}::float8)
              ELSE r.last_synced_at IS NULL OR r.last_synced_at < now() - make_interval(secs => ${intervals.pollMs / 1000}::float8)
            END
        AND (r.status <> 'PENDING' OR r.created_at < now() - make_interval(secs => ${pendingGraceMs / 1000}::float8))
      ORDER BY r.last_synced_at NULLS FIRST
      LIMIT ${limit}
      FOR UPDATE OF r SKIP LOCKED
    )
    RETURNING id::text AS id`;
  return rows.map((r) => r.id);
}

/** Active runs, split by whether their environment's events are set up (those are polled as a safety net only). */
async function activeCounts(db: PrismaClient): Promise<{ polled: number; byEvents: number }> {
  const [polled, byEvents] = await Promise.all([
    db.run.count({ where: { status: { in: ["PENDING", "RUNNING"] }, environment: { eventsQueueUrl: null } } }),
    db.run.count({ where: { status: "RUNNING", environment: { eventsQueueUrl: { not: null } } } }),
  ]);
  return { polled, byEvents };
}

export function startReconciler(options: ReconcilerOptions): Reconciler {
  const settings = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & ReconcilerOptions;
  const { db } = options;
  const counter = new CallCounter();
  const rate = settings.readsPerSecond;
  const buckets = { describe: new TokenBucket(rate, rate), history: new TokenBucket(rate, rate), job: new TokenBucket(rate, rate), start: new TokenBucket(rate, rate) };
  const limit = pLimit(settings.concurrency);
  const controller = new AbortController();
  options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  let syncs = 0;
  const inFlight = new Set<Promise<unknown>>();

  const loop = async () => {
    while (!controller.signal.aborted) {
      try {
        // Spread the read budget over the active runs: with 1,000 active and 20 calls/s, each run is synced
        // every 50 s; with few active, every minIntervalMs.
        const active = await activeCounts(db);
        const intervals = {
          pollMs: Math.max(settings.minIntervalMs, Math.ceil((active.polled / rate) * 1000)),
          safetyNetMs: Math.max(settings.safetyNetIntervalMs, Math.ceil((active.byEvents / settings.safetyNetReadsPerSecond) * 1000)),
        };
        const free = settings.concurrency - limit.activeCount - limit.pendingCount;
        const ids = free > 0 ? await claim(db, free, intervals, settings.pendingGraceMs) : [];
        for (const id of ids) {
          const task = limit(() =>
            syncRun(db, id, { counter, buckets, pendingGraceMs: settings.pendingGraceMs })
              .then(() => void (syncs += 1))
              .catch((error: unknown) => (options.onError ?? defaultOnError)(id, error)),
          );
          inFlight.add(task);
          void task.finally(() => inFlight.delete(task));
        }
        await sleep(settings.tickMs, controller.signal);
      } catch (error) {
        if (!controller.signal.aborted) console.error("[reconciler] claim failed; retrying in 5 s", error instanceof Error ? error.message : error);
        await sleep(5_000, controller.signal);
      }
    }
  };
  const running = loop();
  return {
    counter,
    syncs: () => syncs,
    async stop() {
      controller.abort();
      await running;
      await Promise.allSettled([...inFlight]);
    },
  };
}

function defaultOnError(runId: string, error: unknown) {
  console.error(`[reconciler] sync of run ${runId} failed; it will be retried`, error instanceof Error ? error.message : error);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

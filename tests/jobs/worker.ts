// A real worker in the test process (pg-boss consumers, reconciler, heartbeat) with short timings, and waiting
// for a bulk start to settle through the same progress query the page polls.
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { JOB_HANDLERS } from "@/lib/worker/handlers";
import { JobSettings } from "@/lib/jobs/settings";
import { startWorker, type Worker } from "@/lib/worker/worker";
import { bulkStartProgress, type BulkStartProgress } from "@/lib/runs/bulk-start";

export const FAST_JOBS = JobSettings.parse({
  FERRY_JOB_LEASE_SECONDS: 5,
  FERRY_JOB_MAINTENANCE_SECONDS: 1,
  FERRY_WORKER_BEAT_SECONDS: 1,
  FERRY_WORKER_STALE_SECONDS: 3,
  FERRY_WORKER_SHUTDOWN_SECONDS: 5,
});

export function startTestWorker(db: PrismaClient, databaseUrl: string): Promise<Worker> {
  return startWorker({ db, databaseUrl, handlers: JOB_HANDLERS, settings: FAST_JOBS, reconciler: { minIntervalMs: 200, pendingGraceMs: 0, tickMs: 100 }, log: () => undefined });
}

export async function waitForBulkStart(db: PrismaClient, actor: Actor, bulkStartId: string, timeoutMs = 60_000): Promise<BulkStartProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await bulkStartProgress(db, actor, { bulkStartId });
    if (progress.pending === 0) return progress;
    if (Date.now() > deadline) throw new Error(`bulk start ${bulkStartId} still has ${progress.pending} of ${progress.total} items pending`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

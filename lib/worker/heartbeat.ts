import os from "node:os";
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { queueStats } from "@/lib/jobs/queue-stats";

export type WorkerIdentity = { id: string; host: string; pid: number; startedAt: Date };

export function workerIdentity(): WorkerIdentity {
  const host = os.hostname();
  return { id: `${host}:${process.pid}:${randomBytes(3).toString("hex")}`, host, pid: process.pid, startedAt: new Date() };
}

export type WorkerCounters = { runsSynced: number; jobsDone: number; jobsFailed: number; lastError: { message: string; at: Date } | null };

/** One beat: the worker's row, upserted with what it has done so far and how deep the queue is. */
export async function beat(db: PrismaClient, me: WorkerIdentity, counters: WorkerCounters): Promise<void> {
  const { waiting } = await queueStats(db);
  const state = {
    lastBeatAt: new Date(),
    runsSynced: counters.runsSynced,
    jobsDone: counters.jobsDone,
    jobsFailed: counters.jobsFailed,
    queueDepth: waiting,
    lastError: counters.lastError?.message.slice(0, 2000) ?? null,
    lastErrorAt: counters.lastError?.at ?? null,
  };
  await db.worker.upsert({ where: { id: me.id }, create: { id: me.id, host: me.host, pid: me.pid, startedAt: me.startedAt, ...state }, update: state });
}

/** A clean stop says so; readiness then does not wait for the stale timeout to notice. */
export async function markStopped(db: PrismaClient, me: WorkerIdentity): Promise<void> {
  await db.worker.updateMany({ where: { id: me.id }, data: { stoppedAt: new Date() } });
}

/** Rows of workers gone for a week are forgotten, so the admin page lists who is around, not history. */
export async function forgetOldWorkers(db: PrismaClient): Promise<void> {
  await db.worker.deleteMany({ where: { lastBeatAt: { lt: new Date(Date.now() - 7 * 86_400_000) } } });
}

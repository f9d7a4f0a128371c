import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { jobSettings } from "@/lib/jobs/settings";

export type WorkerBeat = { at: Date | null; ageSeconds: number | null; stale: boolean };

/** The freshest beat of any worker and how long ago it was: status sync is as fresh as that. */
export async function lastWorkerBeat(db: Pick<PrismaClient, "worker">): Promise<WorkerBeat> {
  const latest = await db.worker.findFirst({ where: { stoppedAt: null }, orderBy: { lastBeatAt: "desc" }, select: { lastBeatAt: true } });
  if (!latest) return { at: null, ageSeconds: null, stale: true };
  const ageSeconds = Math.max(0, Math.round((Date.now() - latest.lastBeatAt.getTime()) / 1000));
  return { at: latest.lastBeatAt, ageSeconds, stale: ageSeconds > jobSettings().FERRY_WORKER_STALE_SECONDS };
}

/** Workers for Admin → Workers: the ones beating first, then the ones that stopped or went quiet, with their last errors. */
export async function listWorkers(db: Pick<PrismaClient, "worker">) {
  const stale = jobSettings().FERRY_WORKER_STALE_SECONDS;
  const rows = await db.worker.findMany({ orderBy: { lastBeatAt: "desc" }, take: 100 });
  return rows.map((row) => {
    const ageSeconds = Math.round((Date.now() - row.lastBeatAt.getTime()) / 1000);
    const state = row.stoppedAt ? ("stopped" as const) : ageSeconds > stale ? ("silent" as const) : ("beating" as const);
    return { ...row, ageSeconds, state };
  });
}
export type WorkerRow = Awaited<ReturnType<typeof listWorkers>>[number];

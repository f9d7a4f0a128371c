import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { jobSettings } from "@/lib/jobs/settings";

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

import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";

/** A model's recent runs with success rate and duration trend, for its page. */
export async function modelRunHistory(db: PrismaClient, modelId: string, limit = 30) {
  const runs = await db.run.findMany({
    where: { modelId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, executionName: true, status: true, createdAt: true, startedAt: true, stoppedAt: true, failureGroup: true },
  });
  const finished = runs.filter((r) => r.status !== "PENDING" && r.status !== "RUNNING");
  const succeeded = finished.filter((r) => r.status === "SUCCEEDED").length;
  const trend = [...runs]
    .reverse()
    .filter((r) => r.startedAt && r.stoppedAt)
    .map((r) => ({ at: r.createdAt.toISOString(), seconds: Math.round(((r.stoppedAt?.getTime() ?? 0) - (r.startedAt?.getTime() ?? 0)) / 1000), status: r.status }));
  return { runs, successRate: finished.length ? succeeded / finished.length : null, finished: finished.length, trend };
}

export type ModelRunHistory = Awaited<ReturnType<typeof modelRunHistory>>;

import "server-only";
import type { PrismaClient, RunStatus } from "@/generated/prisma/client";
import { isActive } from "./status";

/** How a model's finished runs ended: what its page says in one line. Stopped runs were not failures and are not counted. */
export function successSummary(statuses: readonly RunStatus[]) {
  const ended = statuses.filter((s) => !isActive(s));
  const stopped = ended.filter((s) => s === "ABORTED").length;
  const counted = ended.length - stopped;
  const succeeded = ended.filter((s) => s === "SUCCEEDED").length;
  const withFailedSteps = ended.filter((s) => s === "SUCCEEDED_WITH_FAILED_STEPS").length;
  return { successRate: counted ? succeeded / counted : null, finished: counted, withFailedSteps, stopped };
}

/** A model's recent runs with success rate and duration trend, for its page. */
export async function modelRunHistory(db: PrismaClient, modelId: string, limit = 30) {
  const runs = await db.run.findMany({
    where: { modelId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, executionName: true, status: true, createdAt: true, startedAt: true, stoppedAt: true, failureGroup: true },
  });
  const trend = [...runs]
    .reverse()
    .filter((r) => r.startedAt && r.stoppedAt)
    .map((r) => ({ at: r.createdAt.toISOString(), seconds: Math.round(((r.stoppedAt?.getTime() ?? 0) - (r.startedAt?.getTime() ?? 0)) / 1000), status: r.status }));
  return { runs, ...successSummary(runs.map((r) => r.status)), trend };
}

export type ModelRunHistory = Awaited<ReturnType<typeof modelRunHistory>>;

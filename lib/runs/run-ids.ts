import type { PrismaClient, RunStatus } from "@/generated/prisma/client";
import { runWhere, type RunFilters } from "./filters";

/** Ids of the runs matching the filters (bounded, newest first), for bulk actions on a filtered set. */
export async function runIdsMatching(db: PrismaClient, filters: RunFilters, max: number, statuses?: RunStatus[]): Promise<string[]> {
  const where = runWhere({ ...filters, cursor: undefined });
  const rows = await db.run.findMany({
    where: statuses ? { AND: [where, { status: { in: statuses } }] } : where,
    select: { id: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: max,
  });
  return rows.map((r) => r.id);
}

import "server-only";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { decodeCursor, encodeCursor, runWhere, type RunFilters } from "./filters";
import { FAILURE_STATUSES, GROUPED_STATUSES } from "./status";

export const PAGE_SIZE = 50;

export const listSelect = {
  id: true,
  executionName: true,
  status: true,
  createdAt: true,
  startedAt: true,
  stoppedAt: true,
  failureGroup: true,
  redriveCount: true,
  model: { select: { id: true, slug: true, displayName: true } },
  pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } },
  environment: { select: { name: true } },
} as const;

/** One page of runs, newest first, keyset-paginated on (created_at, id) so page 2,000 costs what page 1 does. */
export async function listRuns(db: PrismaClient, filters: RunFilters, pageSize = PAGE_SIZE) {
  const after = decodeCursor(filters.cursor);
  const rows = await db.run.findMany({
    where: {
      AND: [
        runWhere(filters),
        after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: listSelect,
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { runs: page, nextCursor: rows.length > pageSize && last ? encodeCursor(last) : null };
}
export type RunListItem = Awaited<ReturnType<typeof listRuns>>["runs"][number];

/** `failed` runs ended FAILED or TIMED_OUT (redrivable); the others succeeded with this failure caught. */
export type FailureGroup = { failureGroup: string; runs: number; failed: number; models: number; lastSeen: Date };

/**
 * Runs grouped by normalised failure reason across models, biggest first: failed and timed-out runs, and runs
 * whose failed steps were caught. Stopped runs are not failures and never form a group.
 */
export async function failureGroups(db: PrismaClient, limit = 20, since?: Date): Promise<FailureGroup[]> {
  const rows = await db.$queryRaw<{ failure_group: string; runs: bigint; failed: bigint; models: bigint; last_seen: Date }[]>`
    SELECT failure_group, count(*) AS runs, count(*) FILTER (WHERE status::text IN (${Prisma.join(FAILURE_STATUSES)})) AS failed,
           count(DISTINCT model_id) AS models, max(created_at) AS last_seen
    FROM runs
    WHERE status::text IN (${Prisma.join(GROUPED_STATUSES)}) AND failure_group IS NOT NULL
      AND created_at >= ${since ?? new Date(0)}
    GROUP BY failure_group
    ORDER BY count(*) DESC, max(created_at) DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({ failureGroup: r.failure_group, runs: Number(r.runs), failed: Number(r.failed), models: Number(r.models), lastSeen: r.last_seen }));
}

/** Choices for the filter form: models, pipelines and environments that have runs or deployments. */
export async function filterChoices(db: PrismaClient) {
  const [models, pipelines, environments] = await Promise.all([
    db.model.findMany({ where: { runs: { some: {} } }, select: { id: true, slug: true }, orderBy: { slug: "asc" }, take: 500 }),
    db.pipeline.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: 200 }),
    db.environment.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { models, pipelines, environments };
}

/** Live deployments one can start a run from (the run panel and bulk start). */
export async function startableDeployments(db: PrismaClient, limit = 500) {
  return db.deployment.findMany({
    where: { status: "LIVE", stateMachineArn: { not: null } },
    select: {
      id: true,
      model: { select: { id: true, slug: true, displayName: true, team: true } },
      pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } },
      environment: { select: { name: true } },
      runs: { select: { status: true, createdAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
    },
    orderBy: { updatedAt: "desc" },
    take: limit,
  });
}
export type StartableDeployment = Awaited<ReturnType<typeof startableDeployments>>[number];

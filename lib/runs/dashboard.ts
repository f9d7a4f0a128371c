import "server-only";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { failureGroups } from "./list";
import { ACTIVE_STATUSES, OUTCOMES, type Outcome } from "./status";

const DAY = 86_400_000;

/** Models per status, and per day the number not yet LIVE (a model's updated_at stands in for when it went live). */
async function migrationBoard(db: PrismaClient, days = 30) {
  const byStatus = await db.model.groupBy({ by: ["status"], _count: { _all: true } });
  const burndown = await db.$queryRaw<{ day: Date; remaining: bigint }[]>`
    SELECT d.day,
           (SELECT count(*) FROM models m WHERE m.created_at < d.day + interval '1 day')
         - (SELECT count(*) FROM models m WHERE m.status = 'LIVE' AND m.updated_at < d.day + interval '1 day') AS remaining
    FROM generate_series(date_trunc('day', now()) - make_interval(days => ${days - 1}), date_trunc('day', now()), interval '1 day') AS d(day)
    ORDER BY d.day`;
  return {
    byStatus: byStatus.map((s) => ({ status: s.status, models: s._count._all })),
    burndown: burndown.map((b) => ({ day: b.day.toISOString().slice(0, 10), remaining: Number(b.remaining) })),
  };
}

async function slowestSteps(db: PrismaClient, since: Date) {
  const rows = await db.$queryRaw<{ name: string; pipeline: string; runs: bigint; avg_seconds: number; max_seconds: number }[]>`
    SELECT s.name, p.name AS pipeline, count(*) AS runs,
           avg(extract(epoch FROM s.ended_at - s.started_at))::float8 AS avg_seconds,
           max(extract(epoch FROM s.ended_at - s.started_at))::float8 AS max_seconds
    FROM run_steps s
    JOIN runs r ON r.id = s.run_id
    JOIN pipeline_versions v ON v.id = r.pipeline_version_id
    JOIN pipelines p ON p.id = v.pipeline_id
    -- Steps that ran to their own end: a stopped step's duration says when someone stopped it, not how slow it is.
    WHERE s.status IN ('SUCCEEDED', 'FAILED') AND s.ended_at IS NOT NULL AND s.started_at IS NOT NULL AND r.created_at >= ${since}
    GROUP BY s.name, p.name
    ORDER BY avg_seconds DESC
    LIMIT 5`;
  return rows.map((r) => ({ name: r.name, pipeline: r.pipeline, runs: Number(r.runs), avgSeconds: r.avg_seconds, maxSeconds: r.max_seconds }));
}

export type RunsOnDay = { day: string } & Record<Outcome, number>;

/** Finished runs per day (by the day they were created, UTC) and outcome, oldest first, days without runs included. */
export async function runsPerDay(db: PrismaClient, days = 14): Promise<RunsOnDay[]> {
  const rows = await db.$queryRaw<{ day: string; status: Outcome | null; runs: bigint }[]>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, r.status::text AS status, count(r.id) AS runs
    FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${days - 1}), date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS d(day)
    LEFT JOIN runs r ON r.created_at >= d.day AT TIME ZONE 'UTC' AND r.created_at < (d.day + interval '1 day') AT TIME ZONE 'UTC'
      AND r.status::text IN (${Prisma.join(OUTCOMES)})
    GROUP BY d.day, r.status
    ORDER BY d.day`;
  const byDay = new Map<string, RunsOnDay>();
  for (const row of rows) {
    const entry = byDay.get(row.day) ?? { day: row.day, ...(Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>) };
    if (row.status) entry[row.status] = Number(row.runs);
    byDay.set(row.day, entry);
  }
  return [...byDay.values()];
}

export async function dashboard(db: PrismaClient) {
  const now = Date.now();
  const [board, perDay, active, pendingApprovals, slowest, groups] = await Promise.all([
    migrationBoard(db),
    runsPerDay(db),
    db.run.findMany({
      where: { status: { in: [...ACTIVE_STATUSES] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, executionName: true, status: true, createdAt: true, model: { select: { slug: true } }, steps: { where: { status: "RUNNING" }, select: { name: true } } },
    }),
    db.deployment.findMany({
      where: { status: "PENDING_APPROVAL" },
      orderBy: { requestedAt: "asc" },
      take: 5,
      select: { id: true, requestedAt: true, model: { select: { slug: true } }, environment: { select: { name: true } } },
    }),
    slowestSteps(db, new Date(now - 7 * DAY)),
    failureGroups(db, 5, new Date(now - 7 * DAY)),
  ]);
  const pendingCount = await db.deployment.count({ where: { status: "PENDING_APPROVAL" } });
  const activeCount = await db.run.count({ where: { status: { in: [...ACTIVE_STATUSES] } } });
  return {
    board,
    perDay,
    active,
    activeCount,
    pendingApprovals,
    pendingCount,
    slowest,
    groups,
  };
}
export type Dashboard = Awaited<ReturnType<typeof dashboard>>;

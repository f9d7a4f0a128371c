import type { PrismaClient } from "@/generated/prisma/client";
import { JOBS } from "./definitions";

const QUEUES = Object.values(JOBS).map((job) => job.queue);

export type QueueStats = { waiting: number; active: number; failed: number; oldestWaitingSeconds: number };

/**
 * What the queue looks like now, for heartbeats and readiness. A job scheduled for later (a parity check in
 * 5 s) is not waiting yet; failed counts jobs that ran out of retries in the last day.
 */
export async function queueStats(db: Pick<PrismaClient, "$queryRaw">): Promise<QueueStats> {
  const [row] = await db.$queryRaw<{ waiting: number; active: number; failed: number; oldest: number | null }[]>`
    SELECT count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())::int AS waiting,
           count(*) FILTER (WHERE state = 'active')::int AS active,
           count(*) FILTER (WHERE state = 'failed' AND completed_on > now() - interval '1 day')::int AS failed,
           extract(epoch FROM now() - min(start_after) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS oldest
    FROM pgboss.job WHERE name = ANY(${QUEUES}::text[])`;
  return { waiting: row?.waiting ?? 0, active: row?.active ?? 0, failed: row?.failed ?? 0, oldestWaitingSeconds: Math.round(row?.oldest ?? 0) };
}

import "server-only";
import { ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { prisma } from "@/lib/db/prisma";
import { awsClients } from "@/lib/aws/clients";
import { defaultTarget } from "@/lib/aws/targets";
import { env } from "@/lib/config/env";
import { queueStats } from "@/lib/jobs/queue-stats";
import { jobSettings } from "@/lib/jobs/settings";
import { lastWorkerBeat } from "./workers";

export type Check = { ok: boolean; latencyMs: number; error?: string };

const TIMEOUT_MS = 2_000;

async function timed(probe: (signal: AbortSignal) => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    await Promise.race([
      probe(signal),
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)))),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

/** Workers and queue, read from PostgreSQL (null when the database itself does not answer). */
async function workState() {
  try {
    const [beat, queue] = await Promise.all([lastWorkerBeat(prisma), queueStats(prisma)]);
    return { beat, queue };
  } catch {
    return null;
  }
}

/**
 * Readiness, for /api/health/ready, /api/health and the admin page: what Ferry depends on and whether it works
 * end to end. "degraded" names every reason: the database or AWS not answering, no worker beat within
 * FERRY_WORKER_STALE_SECONDS (run status no longer follows AWS, queued work waits), or a queue backing up.
 */
export async function healthReport() {
  const config = env();
  const settings = jobSettings();
  const target = defaultTarget(config);
  const [database, aws, work] = await Promise.all([
    timed(() => prisma.$queryRaw`SELECT 1`),
    timed((abortSignal) => awsClients(target).sfn.send(new ListStateMachinesCommand({ maxResults: 1 }), { abortSignal })),
    workState(),
  ]);
  const reasons: string[] = [];
  if (!database.ok) reasons.push(`PostgreSQL does not answer: ${database.error}`);
  if (!aws.ok) reasons.push(`${config.FERRY_MODE === "embedded" ? "the embedded engine" : "AWS"} does not answer: ${aws.error}`);
  if (work?.beat.stale) reasons.push(work.beat.ageSeconds === null ? "no worker is running: run status is not synced and queued work waits" : `no worker has beaten for ${work.beat.ageSeconds} s: run status is not synced and queued work waits`);
  if (work && work.queue.oldestWaitingSeconds > settings.FERRY_QUEUE_BACKLOG_SECONDS) reasons.push(`the job queue is backing up: ${work.queue.waiting} jobs waiting, the oldest for ${work.queue.oldestWaitingSeconds} s`);
  return {
    status: reasons.length === 0 ? ("ok" as const) : ("degraded" as const),
    reasons,
    mode: config.FERRY_MODE,
    database,
    aws: { ...aws, region: target.region, endpoint: target.endpoint ?? "AWS default endpoints" },
    workers: work ? { lastBeatAt: work.beat.at?.toISOString() ?? null, lastBeatSecondsAgo: work.beat.ageSeconds, staleAfterSeconds: settings.FERRY_WORKER_STALE_SECONDS } : null,
    queue: work?.queue ?? null,
  };
}
export type HealthReport = Awaited<ReturnType<typeof healthReport>>;

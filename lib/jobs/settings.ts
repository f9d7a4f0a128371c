import { z } from "zod";

const seconds = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The worker's and the queue's settings (README: "Run it as N instances and M workers"). Read by the web server
 * (readiness) and by every worker, so all of them judge "stale" and "backing up" the same way.
 */
export const JobSettings = z.object({
  /** A job still active this long after a worker took it is handed to another worker (the worker is presumed dead). */
  FERRY_JOB_LEASE_SECONDS: seconds(2, 3_600, 120),
  /** How often some worker looks for expired leases and old jobs (one worker per interval does it). */
  FERRY_JOB_MAINTENANCE_SECONDS: seconds(1, 600, 15),
  /** Jobs of each kind one worker runs at once. */
  FERRY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Seconds between two heartbeats of a worker. */
  FERRY_WORKER_BEAT_SECONDS: seconds(1, 60, 5),
  /** No beat from any worker for this long: status sync is stale, readiness is degraded. */
  FERRY_WORKER_STALE_SECONDS: seconds(3, 3_600, 30),
  /** On SIGTERM, running jobs get this long to finish; unfinished ones are handed back to the queue. */
  FERRY_WORKER_SHUTDOWN_SECONDS: seconds(1, 600, 20),
  /** A job waiting longer than this means the queue is backing up (readiness degraded). */
  FERRY_QUEUE_BACKLOG_SECONDS: seconds(5, 86_400, 120),
});
export type JobSettings = z.output<typeof JobSettings>;

export function jobSettings(source: Record<string, string | undefined> = process.env): JobSettings {
  const parsed = JobSettings.safeParse(source);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`Invalid ${String(issue?.path[0] ?? "worker setting")}: ${issue?.message ?? "bad value"}`);
}

import type { RunStatus } from "@/generated/prisma/client";
import type { StatusHint } from "./status-event";
import { executionCandidates, TERMINAL_EXECUTION } from "./status-event";

/** A run as the consumer weighs a hint against it. */
export type RunState = { id: string; status: RunStatus; redriveCount: number; executionArn: string | null };

/**
 * Whether a hint can teach the catalog anything, so that a history read is worth its call. An execution's
 * status that the catalog already has, or a job starting in a run that has ended (and no redrive the catalog
 * has not seen), teaches nothing: duplicates and stale, out-of-order events cost no AWS call.
 */
export function worthReading(hint: StatusHint, run: RunState): boolean {
  if (run.status === "PENDING" || !run.executionArn) return false;
  const active = run.status === "RUNNING";
  if (hint.kind === "execution") {
    const attempt = hint.redriveCount ?? 0;
    // A redrive the catalog has not seen; or, within the attempt it knows, an end it has not recorded.
    if (attempt !== run.redriveCount) return attempt > run.redriveCount;
    return active && hint.status !== "RUNNING";
  }
  if (hint.job.status !== "InProgress") return false;
  return active || (executionCandidates(hint.job.jobName)?.redrive ?? 0) > run.redriveCount;
}

/**
 * An event the catalog cannot take yet, so its message is kept for another try: any event of a run whose start
 * the catalog has not recorded (a job starts within milliseconds of StartExecution, before its answer is
 * committed), or a final status it does not show after the sync (the history did not say so yet: AWS's reads
 * are eventually consistent).
 */
export function unconfirmed(hint: StatusHint, run: RunState): boolean {
  if (run.status === "PENDING") return true;
  return hint.kind === "execution" && TERMINAL_EXECUTION.has(hint.status) && run.status === "RUNNING" && (hint.redriveCount ?? 0) >= run.redriveCount;
}

/** Syncs that bring a run to its end go before those that only show progress. */
export function urgent(hint: StatusHint): boolean {
  return hint.kind === "execution" && TERMINAL_EXECUTION.has(hint.status);
}

import type { RunStatus, StepStatus } from "@/generated/prisma/client";

export const RUN_STATUSES = ["PENDING", "RUNNING", "SUCCEEDED", "SUCCEEDED_WITH_FAILED_STEPS", "FAILED", "TIMED_OUT", "ABORTED"] as const satisfies readonly RunStatus[];
export const ACTIVE_STATUSES = ["PENDING", "RUNNING"] as const satisfies readonly RunStatus[];
/** How a run ended, in the order lists, charts and legends show them. */
export const OUTCOMES = ["SUCCEEDED", "SUCCEEDED_WITH_FAILED_STEPS", "FAILED", "TIMED_OUT", "ABORTED"] as const satisfies readonly RunStatus[];
export type Outcome = (typeof OUTCOMES)[number];
/**
 * Runs that went wrong on their own: they form failure groups and "Redrive all failed" takes them. A stopped
 * run is not one (someone chose to stop it), and neither is a run whose failed steps were caught (it succeeded;
 * Step Functions cannot redrive it), although its caught failures do form groups.
 */
export const FAILURE_STATUSES = ["FAILED", "TIMED_OUT"] as const satisfies readonly RunStatus[];
/** Statuses whose runs carry a failure group: failures, and failures a Catch recorded. */
export const GROUPED_STATUSES = [...FAILURE_STATUSES, "SUCCEEDED_WITH_FAILED_STEPS"] as const satisfies readonly RunStatus[];
/** What RedriveExecution accepts: a failed, timed-out or stopped execution. */
export const REDRIVABLE_STATUSES = ["FAILED", "TIMED_OUT", "ABORTED"] as const satisfies readonly RunStatus[];

/** Run statuses in users' words; "aborted" is Step Functions' word, never shown. */
export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  PENDING: "Pending",
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  SUCCEEDED_WITH_FAILED_STEPS: "Succeeded with failed steps",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
  ABORTED: "Stopped",
};

/** A status in users' words, for text that holds a status as a plain string (e.g. a bulk start's result). */
export function statusWord(status: string): string {
  return (RUN_STATUSES as readonly string[]).includes(status) ? RUN_STATUS_LABELS[status as RunStatus] : status;
}

export function isActive(status: RunStatus): boolean {
  return (ACTIVE_STATUSES as readonly RunStatus[]).includes(status);
}

export function isRedrivable(status: RunStatus): boolean {
  return (REDRIVABLE_STATUSES as readonly RunStatus[]).includes(status);
}

/** DescribeExecution's status in Ferry's words; PENDING_REDRIVE is a redrive that has not begun yet. */
export function runStatusFromAws(status: string | undefined): RunStatus {
  switch (status) {
    case "SUCCEEDED":
    case "FAILED":
    case "TIMED_OUT":
    case "ABORTED":
      return status;
    default:
      return "RUNNING";
  }
}

/**
 * The run's outcome: Step Functions says SUCCEEDED also when a Catch swallowed a step's failure, so a
 * succeeded execution with a failed step is told apart. `stepStatuses` are the steps after this sync.
 */
export function runOutcome(executionStatus: RunStatus, stepStatuses: readonly StepStatus[]): RunStatus {
  if (executionStatus === "SUCCEEDED" && stepStatuses.includes("FAILED")) return "SUCCEEDED_WITH_FAILED_STEPS";
  return executionStatus;
}

export type { RunStatus, StepStatus };

import type { RunStatus, StepStatus } from "@/generated/prisma/client";

export const RUN_STATUSES = ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] as const satisfies readonly RunStatus[];
export const ACTIVE_STATUSES = ["PENDING", "RUNNING"] as const satisfies readonly RunStatus[];
export const FAILED_STATUSES = ["FAILED", "TIMED_OUT", "ABORTED"] as const satisfies readonly RunStatus[];

export function isActive(status: RunStatus): boolean {
  return (ACTIVE_STATUSES as readonly RunStatus[]).includes(status);
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

export type { RunStatus, StepStatus };

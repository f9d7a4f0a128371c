import type { DescribeExecutionCommandOutput, HistoryEvent } from "@aws-sdk/client-sfn";
import type { RunStatus } from "@/generated/prisma/client";
import { runStatusFromAws } from "../status";

/**
 * What a sync knows about the execution itself. `learnt` is false when nothing execution-level was learnt
 * (a history batch with task events only): the run keeps its status, times, output and error.
 */
export type ExecutionView = {
  status: RunStatus;
  learnt: boolean;
  startDate?: Date;
  stopDate?: Date;
  output?: string;
  error?: string | null;
  cause?: string | null;
  redriveCount?: number;
};

export function executionFromDescribe(described: DescribeExecutionCommandOutput): ExecutionView {
  return {
    status: runStatusFromAws(described.status),
    learnt: true,
    startDate: described.startDate,
    stopDate: described.stopDate,
    output: described.output,
    error: described.error ?? null,
    cause: described.cause ?? null,
    redriveCount: described.redriveCount ?? 0,
  };
}

/**
 * The execution as its new history events tell it, for syncs that read the history only (an event said
 * something changed; the history, not the event, is the truth). Execution-level events are the last word:
 * the latest one wins, so a batch holding a failure and a later redrive leaves the run RUNNING.
 */
export function executionFromHistory(current: RunStatus, events: readonly HistoryEvent[]): ExecutionView {
  let view: ExecutionView = { status: current, learnt: false };
  for (const event of events) {
    const at = event.timestamp;
    switch (event.type) {
      case "ExecutionStarted":
        view = { ...view, status: "RUNNING", learnt: true, startDate: at };
        break;
      case "ExecutionRedriven":
        view = { status: "RUNNING", learnt: true, startDate: view.startDate, redriveCount: event.executionRedrivenEventDetails?.redriveCount ?? (view.redriveCount ?? 0) + 1, error: null, cause: null };
        break;
      case "ExecutionSucceeded":
        view = { ...view, status: "SUCCEEDED", learnt: true, stopDate: at, output: event.executionSucceededEventDetails?.output, error: null, cause: null };
        break;
      case "ExecutionFailed":
        view = { ...view, status: "FAILED", learnt: true, stopDate: at, error: event.executionFailedEventDetails?.error ?? null, cause: event.executionFailedEventDetails?.cause ?? null };
        break;
      case "ExecutionAborted":
        view = { ...view, status: "ABORTED", learnt: true, stopDate: at, error: event.executionAbortedEventDetails?.error ?? null, cause: event.executionAbortedEventDetails?.cause ?? null };
        break;
      case "ExecutionTimedOut":
        view = { ...view, status: "TIMED_OUT", learnt: true, stopDate: at, error: event.executionTimedOutEventDetails?.error ?? null, cause: event.executionTimedOutEventDetails?.cause ?? null };
        break;
      default:
        break;
    }
  }
  return view;
}

import type { RunStatus, StepStatus } from "@/generated/prisma/client";
import { failureGroupOf } from "../failure-groups";
import { FAILURE_STATUSES } from "../status";

type Failure = { error: string | null; cause: string | null };
type FinishedStep = { name: string; status: StepStatus; failureReason: string | null };

/**
 * The failure a Catch recorded. Ferry's pipelines put it in the state at `$.Errors.<step key>` as
 * `{ Error, Cause }`, exactly as Step Functions reported it (so the group matches an uncaught run of the same
 * bug); an imported definition may put it elsewhere, and then the failed step's own reason stands in.
 */
export function caughtFailure(output: unknown, steps: readonly FinishedStep[]): Failure {
  const errors = typeof output === "object" && output !== null ? (output as { Errors?: unknown }).Errors : undefined;
  const recorded = typeof errors === "object" && errors !== null ? Object.values(errors).find(isStatesError) : undefined;
  if (recorded) return { error: recorded.Error, cause: recorded.Cause ?? null };
  const step = steps.find((s) => s.status === "FAILED");
  return { error: null, cause: step?.failureReason ?? (step ? `${step.name} failed` : null) };
}

function isStatesError(value: unknown): value is { Error: string; Cause?: string } {
  if (typeof value !== "object" || value === null) return false;
  const { Error: error, Cause: cause } = value as Record<string, unknown>;
  return typeof error === "string" && (cause === undefined || typeof cause === "string");
}

/**
 * What the run row keeps about how it ended. A stopped run keeps who stopped it (error/cause) but joins no
 * failure group; a run with caught failures keeps its first caught failure and is grouped by it.
 */
export function outcomeFields(status: RunStatus, execution: Failure, caught: () => Failure): Failure & { failureGroup: string | null } {
  if ((FAILURE_STATUSES as readonly RunStatus[]).includes(status)) return { ...execution, failureGroup: failureGroupOf(execution.error, execution.cause) };
  if (status === "ABORTED") return { ...execution, failureGroup: null };
  if (status === "SUCCEEDED_WITH_FAILED_STEPS") {
    const failure = caught();
    return { ...failure, failureGroup: failureGroupOf(failure.error, failure.cause) };
  }
  return { error: null, cause: null, failureGroup: null };
}

/**
 * The message for the run's starter when it has just reached `status`, or null when that needs none: a failure,
 * a time-out or caught failures. A success needs none, and neither does a stop (someone chose it). The caller
 * writes it with the status change, so each outcome is told once; a redrive that fails again is a new outcome.
 */
export function outcomeNotice(status: RunStatus, run: { executionName: string; modelSlug: string; error?: string | null }, failedSteps: readonly string[]): string | null {
  const steps = failedSteps.length ? ` at ${failedSteps.join(", ")}` : "";
  switch (status) {
    case "SUCCEEDED_WITH_FAILED_STEPS":
      return `Your run ${run.executionName} of ${run.modelSlug} finished with failed steps (${failedSteps.join(", ")}): its failures were recorded and the pipeline went on.`;
    case "FAILED":
      return `Your run ${run.executionName} of ${run.modelSlug} failed${steps}${run.error ? ` (${run.error})` : ""}.`;
    case "TIMED_OUT":
      return `Your run ${run.executionName} of ${run.modelSlug} timed out${steps}.`;
    default:
      return null;
  }
}

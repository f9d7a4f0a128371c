import { ExecutionAlreadyExists, ExecutionDoesNotExist, DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import type { PrismaClient } from "@/generated/prisma/client";
import { awsCall, isThrottling, type CallCounter, type TokenBucket } from "./aws-calls";
import { clientsFor } from "./environment-clients";
import { executionArnFor } from "./names";

export type DispatchOptions = { counter?: CallCounter; startBucket?: TokenBucket; describeBucket?: TokenBucket };
export type DispatchOutcome = { runId: string; status: "RUNNING" | "FAILED" | "PENDING"; executionArn: string | null; error?: string };

const runForDispatch = {
  id: true,
  status: true,
  executionName: true,
  input: true,
  createdAt: true,
  environment: true,
  deployment: { select: { stateMachineArn: true } },
} as const;

/** Errors that will not go away by trying again: the run is marked FAILED with AWS's words. */
function permanent(error: unknown): boolean {
  if (!(error instanceof Error) || isThrottling(error)) return false;
  const fault = (error as { $fault?: string }).$fault;
  return fault === "client";
}

/**
 * StartExecution for a PENDING run, safe to call any number of times: the name was fixed when the run was
 * written, so Step Functions starts it at most once (same name + same input is idempotent while it runs;
 * ExecutionAlreadyExists once it has finished). Transient failures leave the run PENDING for the reconciler.
 * With `checkFirst` (recovery after a crash), DescribeExecution by the known ARN decides whether to start.
 */
export async function dispatchRun(db: PrismaClient, runId: string, options: DispatchOptions & { checkFirst?: boolean } = {}): Promise<DispatchOutcome> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: runForDispatch });
  const stateMachineArn = run.deployment.stateMachineArn;
  if (run.status !== "PENDING") return { runId, status: run.status === "FAILED" ? "FAILED" : "RUNNING", executionArn: null };
  if (!stateMachineArn) return markFailed(db, runId, "Ferry.PreflightFailed", "The deployment has no state machine.");
  const { sfn } = clientsFor(run.environment);
  const executionArn = executionArnFor(stateMachineArn, run.executionName);
  try {
    if (options.checkFirst) {
      const existing = await describeIfExists(sfn, executionArn, options);
      if (existing) return markStarted(db, runId, executionArn, existing.startDate ?? new Date());
    }
    const started = await awsCall(
      "StartExecution",
      () => sfn.send(new StartExecutionCommand({ stateMachineArn, name: run.executionName, input: JSON.stringify(run.input) })),
      { bucket: options.startBucket, counter: options.counter },
    );
    return markStarted(db, runId, started.executionArn ?? executionArn, started.startDate ?? new Date());
  } catch (error) {
    // Started before (by us, before a crash): the execution is ours, whatever state it is in now.
    if (error instanceof ExecutionAlreadyExists) return markStarted(db, runId, executionArn, new Date());
    if (permanent(error)) return markFailed(db, runId, `StartExecution.${(error as Error).name}`, (error as Error).message);
    return { runId, status: "PENDING", executionArn: null, error: error instanceof Error ? error.message : String(error) };
  }
}

async function describeIfExists(sfn: ReturnType<typeof clientsFor>["sfn"], executionArn: string, options: DispatchOptions) {
  try {
    return await awsCall("DescribeExecution", () => sfn.send(new DescribeExecutionCommand({ executionArn })), { bucket: options.describeBucket, counter: options.counter });
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return null;
    throw error;
  }
}

async function markStarted(db: PrismaClient, runId: string, executionArn: string, startedAt: Date): Promise<DispatchOutcome> {
  // Conditional on PENDING: a concurrent dispatcher or the reconciler may have recorded it already.
  const updated = await db.run.updateMany({ where: { id: runId, status: "PENDING" }, data: { status: "RUNNING", executionArn, startedAt } });
  if (updated.count === 0) {
    const now = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, executionArn: true, environment: true } });
    // Stopped while StartExecution was in flight: the execution must not run untracked.
    if (now.status === "ABORTED" && !now.executionArn) {
      await clientsFor(now.environment).sfn.send(new StopExecutionCommand({ executionArn, error: "Ferry.Stopped", cause: "Stopped before it started" })).catch(() => undefined);
      await db.run.update({ where: { id: runId }, data: { executionArn } });
      return { runId, status: "FAILED", executionArn, error: "Stopped before it started" };
    }
  }
  return { runId, status: "RUNNING", executionArn };
}

async function markFailed(db: PrismaClient, runId: string, error: string, cause: string): Promise<DispatchOutcome> {
  await db.run.updateMany({
    where: { id: runId, status: "PENDING" },
    data: { status: "FAILED", error, cause: cause.slice(0, 4000), failureGroup: `${error}: ${cause.slice(0, 120)}`, stoppedAt: new Date() },
  });
  return { runId, status: "FAILED", executionArn: null, error: cause };
}

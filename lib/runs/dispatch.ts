import { ExecutionAlreadyExists, ExecutionDoesNotExist, DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import type { Environment, PrismaClient } from "@/generated/prisma/client";
import { approvalMismatch, type ApprovedVersion } from "@/lib/environments/state-machines";
import { stateMachineRoleArn } from "@/lib/environments/target";
import { executionArnFor } from "@/lib/pipelines/names";
import { awsCall, isThrottling, type CallCounter, type TokenBucket } from "./aws-calls";
import { clientsFor } from "@/lib/aws/clients";
import type { Principal } from "@/lib/aws/targets";

/** `principal`: whom StartExecution is made for (their name is on an assumed role's session); none for the reconciler. */
export type DispatchOptions = { counter?: CallCounter; startBucket?: TokenBucket; describeBucket?: TokenBucket; principal?: Principal };
export type DispatchOutcome = { runId: string; status: "RUNNING" | "FAILED" | "PENDING"; executionArn: string | null; error?: string };

const runForDispatch = {
  id: true,
  status: true,
  executionName: true,
  input: true,
  createdAt: true,
  environment: true,
  deployment: { select: { stateMachineVersionArn: true, stateMachineRevision: true, pipelineVersion: { select: { definition: true } } } },
} as const;

type RunForDispatch = { environment: Environment; deployment: { stateMachineVersionArn: string | null; stateMachineRevision: string | null; pipelineVersion: { definition: unknown } } };

const NOT_PUBLISHED =
  "The deployment has no published state machine version (it went live before Ferry pinned versions): an admin must redeploy it. Nothing was started.";

/** What the run may execute: the version its deployment published, holding the approved definition and role. */
function approvedVersionOf(run: RunForDispatch): ApprovedVersion | null {
  const { stateMachineVersionArn, stateMachineRevision, pipelineVersion } = run.deployment;
  if (!stateMachineVersionArn) return null;
  return { versionArn: stateMachineVersionArn, revisionId: stateMachineRevision, definition: pipelineVersion.definition, roleArn: stateMachineRoleArn(run.environment) };
}

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
  if (run.status !== "PENDING") return { runId, status: run.status === "FAILED" ? "FAILED" : "RUNNING", executionArn: null };
  const approved = approvedVersionOf(run);
  if (!approved) return markFailed(db, runId, "Ferry.ApprovalMismatch", NOT_PUBLISHED);
  const { sfn } = clientsFor(run.environment, options.principal ?? null);
  const executionArn = executionArnFor(approved.versionArn, run.executionName);
  try {
    if (options.checkFirst) {
      const existing = await describeIfExists(sfn, executionArn, options);
      if (existing) return markStarted(db, runId, executionArn, existing.startDate ?? new Date());
    }
    // Checked before every start, not cached: deleting and re-creating the state machine re-uses version numbers.
    const mismatch = await awsCall("DescribeStateMachine", () => approvalMismatch(sfn, approved), { bucket: options.describeBucket, counter: options.counter });
    if (mismatch) {
      return markFailed(db, runId, "Ferry.ApprovalMismatch", `Refused to start: the deployment's state machine version does not hold what was approved (${mismatch}). Nothing was started; redeploy the approved request.`);
    }
    const started = await awsCall(
      "StartExecution",
      // On the version, never the machine itself: an update of the machine cannot change what runs.
      () => sfn.send(new StartExecutionCommand({ stateMachineArn: approved.versionArn, name: run.executionName, input: JSON.stringify(run.input) })),
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

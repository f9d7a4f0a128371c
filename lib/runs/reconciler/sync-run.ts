import { DescribeExecutionCommand, ExecutionDoesNotExist, GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from "@aws-sdk/client-sfn";
import { DescribeProcessingJobCommand } from "@aws-sdk/client-sagemaker";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { awsCall, type CallBudget, type CallCounter, type TokenBucket } from "../aws-calls";
import { dispatchRun } from "../dispatch";
import { clientsFor } from "@/lib/aws/clients";
import { logUriFor } from "../logs/source";
import { notify } from "@/lib/notifications/notify";
import { emitRunEnded } from "../webhook-events";
import { finishedJobDetails } from "../events/job-states";
import { runOutcome } from "../status";
import { executionFromDescribe, executionFromHistory, type ExecutionView } from "./execution-view";
import { applyEvents, type StepPatch } from "./history";
import { caughtFailure, outcomeFields, outcomeNotice } from "./outcome";

export type SyncOptions = {
  counter?: CallCounter;
  buckets?: { describe?: TokenBucket; history?: CallBudget; job?: CallBudget; start?: TokenBucket };
  /** A PENDING run younger than this is left to the request that is starting it. */
  pendingGraceMs?: number;
  /**
   * An event said the run changed (lib/runs/events): one incremental history read is enough, the execution's
   * status comes from its history events, and no DescribeExecution is made.
   */
  historyOnly?: boolean;
};

const HISTORY_PAGE = 100;

/**
 * New history events only: read newest first and stop at the cursor, so a run in its tenth step costs one
 * call, not ten pages from the start. Returned oldest first.
 */
async function newEvents(sfn: SFNClient, executionArn: string, after: number, options: SyncOptions): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall(
      "GetExecutionHistory",
      () => sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: HISTORY_PAGE, includeExecutionData: true, nextToken })),
      { bucket: options.buckets?.history, counter: options.counter },
    );
    for (const event of page.events ?? []) {
      if ((event.id ?? 0) <= after) return events.reverse();
      events.push(event);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return events.reverse();
}

type JobDetails = Pick<StepPatch, "failureReason" | "instanceType" | "imageUri" | "startedAt" | "endedAt"> & { jobArn?: string };

/**
 * A finished job's details: from its events when they arrived (no call), else DescribeProcessingJob. A sync driven
 * by events does not ask for a succeeded step's: its job's own event is on the way and fills in the ARN
 * (lib/runs/events/job-states.ts); a failed step's precise FailureReason is worth the call.
 */
async function describeJob(db: PrismaClient, environmentId: string, sagemaker: ReturnType<typeof clientsFor>["sagemaker"], jobName: string, status: StepPatch["status"], options: SyncOptions): Promise<JobDetails | null> {
  const recorded = await finishedJobDetails(db, environmentId, jobName);
  if (recorded) return recorded;
  if (options.historyOnly && status === "SUCCEEDED") return null;
  const job = await awsCall("DescribeProcessingJob", () => sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: jobName })), {
    bucket: options.buckets?.job,
    counter: options.counter,
  });
  return {
    ...(job.ProcessingJobArn ? { jobArn: job.ProcessingJobArn } : {}),
    ...(job.FailureReason ? { failureReason: job.FailureReason } : {}),
    ...(job.ProcessingResources?.ClusterConfig?.InstanceType ? { instanceType: job.ProcessingResources.ClusterConfig.InstanceType } : {}),
    ...(job.AppSpecification?.ImageUri ? { imageUri: job.AppSpecification.ImageUri } : {}),
  };
}

const runForSync = {
  id: true,
  status: true,
  error: true,
  executionName: true,
  executionArn: true,
  startedById: true,
  model: { select: { slug: true } },
  lastEventId: true,
  createdAt: true,
  environment: true,
  steps: { select: { name: true, status: true, attempts: true, jobName: true, failureReason: true } },
} as const;

/**
 * Brings one run up to date from Step Functions (and SageMaker for step details), in one transaction that
 * also advances the history cursor: a reconciler killed mid-sync leaves the cursor where the data is, so a
 * restart re-reads the same events and nothing is lost or counted twice. The update is conditional on the
 * cursor it started from, so two reconcilers racing on one run cannot both apply the same events; the one that
 * lost reads again from the winner's cursor (once), so events only it had read are not left for the next sync.
 */
export async function syncRun(db: PrismaClient, runId: string, options: SyncOptions = {}, retriesLeft = 1): Promise<"synced" | "unchanged" | "skipped"> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: runForSync });
  if (run.status === "PENDING") {
    if (Date.now() - run.createdAt.getTime() < (options.pendingGraceMs ?? 0)) return "skipped";
    // Recovery after a crash between writing the run and StartExecution: look before starting.
    const outcome = await dispatchRun(db, runId, { checkFirst: true, counter: options.counter, startBucket: options.buckets?.start, describeBucket: options.buckets?.describe });
    if (outcome.status !== "RUNNING") return "synced";
    return syncRun(db, runId, { ...options, pendingGraceMs: 0 });
  }
  if (!run.executionArn) return "skipped";
  const { sfn, sagemaker } = clientsFor(run.environment);
  const executionArn = run.executionArn;
  let execution: ExecutionView;
  let events: HistoryEvent[];
  try {
    if (options.historyOnly) {
      events = await newEvents(sfn, executionArn, run.lastEventId, options);
      execution = executionFromHistory(run.status, events);
    } else {
      const described = await awsCall("DescribeExecution", () => sfn.send(new DescribeExecutionCommand({ executionArn })), { bucket: options.buckets?.describe, counter: options.counter });
      events = await newEvents(sfn, executionArn, run.lastEventId, options);
      execution = executionFromDescribe(described);
    }
  } catch (error) {
    if (!(error instanceof ExecutionDoesNotExist)) throw error;
    await db.run.update({ where: { id: runId }, data: { status: "FAILED", error: "Ferry.ExecutionMissing", cause: "Step Functions no longer knows this execution (deleted, or older than 90 days).", lastSyncedAt: new Date() } });
    return "synced";
  }
  const patches = applyEvents(run.steps, events);

  // Step details from SageMaker once per step, when it has finished (the job's ARN and its precise
  // FailureReason); what a running step shows comes from its TaskScheduled event, at no extra call.
  for (const [name, patch] of patches) {
    const jobName = patch.jobName ?? run.steps.find((s) => s.name === name)?.jobName;
    if (!jobName) continue;
    const finished = patch.status !== undefined && patch.status !== "RUNNING";
    const details = finished ? await describeJob(db, run.environment.id, sagemaker, jobName, patch.status, options).catch(() => null) : null;
    if (details) {
      const { jobArn, ...rest } = details;
      // The history's times are the state's; the job's failure reason is the precise one (the Python error).
      patches.set(name, { ...patch, ...(rest.failureReason && patch.status !== "SUCCEEDED" ? { failureReason: rest.failureReason } : {}), instanceType: rest.instanceType ?? patch.instanceType, imageUri: rest.imageUri ?? patch.imageUri, ...(jobArn ? { jobArn } : {}) });
    }
    patches.set(name, { ...patches.get(name), logUri: logUriFor(run.environment, jobName) });
  }

  const steps = run.steps.map((step) => {
    const patch = patches.get(step.name);
    return { name: step.name, status: patch?.status ?? step.status, failureReason: patch?.failureReason !== undefined ? patch.failureReason : step.failureReason };
  });
  const status = runOutcome(execution.status, steps.map((s) => s.status));
  const output = execution.output ? (JSON.parse(execution.output) as Prisma.InputJsonValue) : undefined;
  const lastEventId = events.length ? Math.max(run.lastEventId, ...events.map((e) => e.id ?? 0)) : run.lastEventId;
  const outcome = execution.learnt ? outcomeFields(status, { error: execution.error ?? null, cause: execution.cause ?? null }, () => caughtFailure(output, steps)) : null;
  const runData: Prisma.RunUpdateManyMutationInput = {
    status,
    lastEventId,
    lastSyncedAt: new Date(),
    // A history batch without execution-level events says nothing about the run's times, output or error.
    ...(execution.learnt
      ? {
          redriveCount: execution.redriveCount,
          startedAt: execution.startDate,
          stoppedAt: status === "RUNNING" ? null : (execution.stopDate ?? new Date()),
          output,
          ...outcome,
        }
      : {}),
  };
  if (events.length === 0 && status === run.status) {
    await db.run.update({ where: { id: runId }, data: { lastSyncedAt: runData.lastSyncedAt } });
    return "unchanged";
  }
  const applied = await db.$transaction(async (tx) => {
    // Conditional on the cursor and the status read: a racing sync that changed either wins alone.
    const claimed = await tx.run.updateMany({ where: { id: runId, lastEventId: run.lastEventId, status: run.status }, data: runData });
    if (claimed.count === 0) throw new StaleCursor();
    for (const [name, patch] of patches) {
      await tx.runStep.update({ where: { runId_name: { runId, name } }, data: toStepData(patch) });
    }
    // Written with the status change it reports, so it happens exactly once (the guard above).
    const notice = status !== run.status ? outcomeNotice(status, { executionName: run.executionName, modelSlug: run.model.slug, error: outcome?.error ?? run.error }, steps.filter((s) => s.status === "FAILED").map((s) => s.name)) : null;
    if (notice) await notify(tx, run.startedById, notice, `/runs/${runId}`);
    // Webhooks hear of the end in the same transaction, so exactly once (emitRunEnded skips active statuses).
    if (status !== run.status) await emitRunEnded(tx, runId);
  }).then(
    () => true,
    (error: unknown) => {
      if (!(error instanceof StaleCursor)) throw error;
      return false;
    },
  );
  // A racing sync moved the cursor first, having maybe read less than this one: read on from where it left off.
  if (!applied && retriesLeft > 0) return syncRun(db, runId, options, retriesLeft - 1);
  return "synced";
}

class StaleCursor extends Error {}

function toStepData(patch: StepPatch): Prisma.RunStepUpdateInput {
  const { inputs, outputs, ...rest } = patch;
  return {
    ...rest,
    ...(inputs !== undefined ? { inputs: inputs as Prisma.InputJsonValue } : {}),
    ...(outputs !== undefined ? { outputs: outputs as Prisma.InputJsonValue } : {}),
  };
}

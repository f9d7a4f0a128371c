import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { lastWorkerBeat } from "@/lib/jobs/worker-beat";
import { defineQuery } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { PipelineDraft } from "@/lib/pipelines/draft";
import { buildExecutionInput, ModelBinding } from "@/lib/pipelines/input";
import { inputChanges, type InputChange } from "./edited-input";
import { runEvents } from "./history-events";
import { preflight } from "./preflight";
import { readJobLog } from "./logs/read";
import { syncRun } from "./reconciler/sync-run";
import { listSelect } from "./list";
import { isActive } from "./status";

export async function getRun(db: PrismaClient, id: string) {
  return db.run.findUnique({
    where: { id },
    select: {
      ...listSelect,
      executionArn: true,
      input: true,
      output: true,
      error: true,
      cause: true,
      lastSyncedAt: true,
      rerunOfId: true,
      deploymentId: true,
      startedBy: { select: { name: true, email: true } },
      pipelineVersion: { select: { version: true, spec: true, pipeline: { select: { id: true, name: true } } } },
      steps: { orderBy: { position: "asc" } },
    },
  });
}
export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRun>>>;

/**
 * What a run started with changes changed: its input against the one its deployment's approved parameters
 * build (empty for a run started as approved, or when the deployment's input cannot be rebuilt).
 */
export async function runInputEdits(db: PrismaClient, run: Pick<RunDetail, "deploymentId" | "input" | "pipelineVersion">): Promise<InputChange[]> {
  const deployment = await db.deployment.findUnique({ where: { id: run.deploymentId }, select: { parameters: true } });
  const draft = PipelineDraft.safeParse(run.pipelineVersion.spec);
  const binding = ModelBinding.safeParse(deployment?.parameters);
  if (!draft.success || draft.data.kind !== "spec" || !binding.success) return [];
  const approved = buildExecutionInput(draft.data.spec, binding.data);
  return approved.success ? inputChanges(approved.data, run.input) : [];
}

/** When the reconciler has not touched an active run for this long, the monitor syncs it itself. */
const STALE_MS = 5_000;

/**
 * The monitor's run. Normally the reconciler keeps it fresh; if it is down or far behind, the page still
 * shows progress by syncing this one run (the sync is idempotent and cursor-guarded, so racing the
 * reconciler is harmless).
 */
export const runDetailQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Run") }),
  run: async ({ db, input }) => {
    let run = await getRun(db, input.id);
    if (!run) throw new AppError("NOT_FOUND", "That run does not exist.");
    const stale = !run.lastSyncedAt || Date.now() - run.lastSyncedAt.getTime() > STALE_MS;
    if (isActive(run.status) && stale && run.status === "RUNNING" && (await readThroughNeeded(db, input.id))) {
      await syncRun(db, run.id).catch((error: unknown) => console.error("[runs] read-through sync failed", error));
      run = (await getRun(db, input.id)) ?? run;
    }
    return run;
  },
});

/**
 * A run whose environment sends status events is quiet between its steps' events, not stale: the page syncs it
 * itself only when no worker is beating (nothing consumes the events), so browsers add no AWS calls.
 */
async function readThroughNeeded(db: PrismaClient, runId: string): Promise<boolean> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { environment: { select: { eventsQueueUrl: true } } } });
  if (!run?.environment.eventsQueueUrl) return true;
  return (await lastWorkerBeat(db)).stale;
}
/** The execution's event history, as the Step Functions console shows it (read from AWS when asked for). */
export const runEventsQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Run") }),
  run: async ({ db, input }) => runEvents(db, input.id),
});

export const stepLogQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Run"), step: z.string().min(1).max(80), offset: z.string().max(200).optional() }),
  run: async ({ db, input, actor }) => {
    const step = await db.runStep.findUnique({ where: { runId_name: { runId: input.id, name: input.step } }, select: { jobName: true, status: true, run: { select: { environment: true } } } });
    if (!step) throw new AppError("NOT_FOUND", "That step does not exist.");
    if (!step.jobName) return { text: "", next: null, available: false, done: false };
    const chunk = await readJobLog(step.run.environment, step.jobName, input.offset ?? null, actor);
    return { ...chunk, done: step.status !== "RUNNING" && step.status !== "PENDING" };
  },
});

/**
 * What the "run with changes" dialog starts from: the deployment's input (a new run) or an earlier run's (a
 * re-run), the approved input it is checked against, and the pipeline's steps by key. Refused, as a start
 * would be, when the deployment is not live.
 */
export const startInputQuery = defineQuery({
  permission: "runs:start",
  input: z.union([z.object({ deploymentId: idField("Deployment") }).strict(), z.object({ runId: idField("Run") }).strict()]),
  run: async ({ db, input }) => {
    const previous = "runId" in input ? await db.run.findUnique({ where: { id: input.runId }, select: { deploymentId: true, input: true } }) : null;
    if ("runId" in input && !previous) throw new AppError("NOT_FOUND", "That run does not exist.");
    const target = await preflight(db, "deploymentId" in input ? input.deploymentId : (previous?.deploymentId ?? ""));
    return {
      deploymentId: target.deploymentId,
      approved: target.input,
      input: previous?.input ?? target.input,
      steps: target.spec.steps.map((step) => ({ key: step.key, name: step.name })),
    };
  },
});

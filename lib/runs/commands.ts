import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import type { AuditEntry } from "@/lib/audit/write";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { runTarget } from "@/lib/commands/object-access";
import { requireApprovalHolds } from "@/lib/deployments/approval";
import { asJson } from "@/lib/db/json";
import type { ExecutionInput } from "@/lib/pipelines/input";
import { checkEditedInput, inputChanges, type InputChange } from "./edited-input";
import { executionNameFor } from "./names";
import { preflight, type Startable } from "./preflight";
import { REDRIVABLE_STATUSES, RUN_STATUS_LABELS } from "./status";

/** Writes the run (PENDING, with its execution name) and one PENDING step per pipeline step. */
async function insertRun(tx: Tx, actor: Actor, target: Startable, input: Prisma.InputJsonValue, rerunOfId: string | null, id: string = randomUUID()) {
  const executionName = executionNameFor(target.modelSlug, id);
  await tx.run.create({
    data: {
      id,
      deploymentId: target.deploymentId,
      modelId: target.modelId,
      pipelineVersionId: target.pipelineVersionId,
      environmentId: target.environmentId,
      executionName,
      input,
      startedById: actor.id,
      rerunOfId,
      steps: { create: target.steps },
    },
  });
  return { id, executionName };
}

/**
 * The input a run starts with: `unedited` (the deployment's, or the earlier run's for a re-run, as it was), or an
 * edited one (issue 16) that the pipeline's input schema accepts and that changes only what
 * lib/runs/edited-input.ts allows without a new approval.
 */
function startInput(target: Startable, edited: unknown, unedited: Prisma.JsonValue): { input: Prisma.InputJsonValue; changes: InputChange[] } {
  if (edited === undefined) return { input: unedited as Prisma.InputJsonValue, changes: inputChanges(target.input, unedited) };
  const checked = checkEditedInput(target.spec, target.input as unknown as ExecutionInput, edited);
  if (!checked.ok) {
    const [field, messages] = Object.entries(checked.fieldErrors)[0] ?? ["input", ["invalid"]];
    throw new AppError("INVALID_INPUT", `Please correct the input. ${field}: ${messages[0] ?? ""}`, checked.fieldErrors);
  }
  return { input: checked.input as unknown as Prisma.InputJsonValue, changes: checked.changes };
}

/** A start's audit entry: an edited input is named in the summary ("… with edited input (InputUri)"), its values in the details. */
function startAudit(runId: string, summary: string, changes: InputChange[]): AuditEntry {
  if (changes.length === 0) return { targetType: "run", targetId: runId, summary };
  return { targetType: "run", targetId: runId, summary: `${summary} with edited input (${changes.map((c) => c.path).join(", ")})`, details: { edited: asJson(changes) } };
}

/** Left out: the run's input is the deployment's (a new run) or the earlier run's (a re-run). */
const EditedInput = z.record(z.string(), z.unknown()).optional();

async function newRun(tx: Tx, actor: Actor, deploymentId: string, edited: unknown, id?: string) {
  const target = await preflight(tx, deploymentId);
  await requireApprovalHolds(tx, target.deploymentId);
  const start = startInput(target, edited, target.input as Prisma.JsonValue);
  const run = await insertRun(tx, actor, target, start.input, null, id);
  return { result: run, audit: startAudit(run.id, `Run ${run.executionName} of ${target.modelSlug} requested`, start.changes) };
}

const CreateRunInput = z.object({ deploymentId: idField("Deployment") });

export const createRun = defineCommand({
  name: "runs.create",
  permission: "runs:start",
  input: CreateRunInput.extend({ input: EditedInput }),
  run: ({ tx, input, actor }) => newRun(tx, actor, input.deploymentId, input.input),
});

/**
 * A run of a bulk start (lib/runs/bulk-start.ts), its id chosen by the server: the bulk item's, so a job that
 * is retried after a crash finds its run (a second insert is a unique violation) instead of creating another.
 * Never an action's input: callers of createRun cannot choose ids.
 */
export const createBulkRun = defineCommand({
  name: "runs.create_for_bulk",
  permission: "runs:start",
  input: CreateRunInput.extend({ runId: z.uuid() }),
  run: ({ tx, input, actor }) => newRun(tx, actor, input.deploymentId, undefined, input.runId),
});

async function rerunOf(tx: Tx, actor: Actor, runId: string, edited: unknown, id?: string) {
  const previous = await tx.run.findUnique({ where: { id: runId }, select: { id: true, deploymentId: true, input: true, executionName: true } });
  if (!previous) throw new AppError("NOT_FOUND", "That run does not exist.");
  const target = await preflight(tx, previous.deploymentId);
  await requireApprovalHolds(tx, target.deploymentId);
  const start = startInput(target, edited, previous.input);
  const run = await insertRun(tx, actor, target, start.input, previous.id, id);
  return { result: run, audit: startAudit(run.id, `Re-run of ${previous.executionName} requested as ${run.executionName}`, start.changes) };
}

/** A new run with exactly the input of an earlier one (not rebuilt from today's parameters), or that input edited. */
export const rerunRun = defineCommand({
  name: "runs.rerun",
  permission: "runs:start",
  input: z.object({ runId: idField("Run"), input: EditedInput }),
  run: ({ tx, input, actor }) => rerunOf(tx, actor, input.runId, input.input),
});

/**
 * A re-run of a bulk run action (lib/runs/bulk-action.ts), its new run's id chosen by the server: the item's, so a
 * retried job finds the re-run it made instead of making another. Never an action's input; never edited.
 */
export const rerunBulkRun = defineCommand({
  name: "runs.rerun_for_bulk",
  permission: "runs:start",
  input: z.object({ runId: idField("Run"), newRunId: z.uuid() }),
  run: ({ tx, input, actor }) => rerunOf(tx, actor, input.runId, undefined, input.newRunId),
});

/** Stopping or redriving a run is for whoever started it, the model's owner, MLOps engineers and admins. */
async function runControl(tx: Tx, runId: string) {
  return { action: "run:stop-or-redrive" as const, target: await runTarget(tx, runId) };
}

/** Intent to stop; the StopExecution call follows (operations.ts). */
export const stopRun = defineCommand({
  name: "runs.stop",
  permission: "runs:start",
  input: z.object({ runId: idField("Run") }),
  object: ({ tx, input }) => runControl(tx, input.runId),
  run: async ({ tx, input }) => {
    const run = await tx.run.findUnique({ where: { id: input.runId }, select: { id: true, status: true, executionName: true } });
    if (!run) throw new AppError("NOT_FOUND", "That run does not exist.");
    if (run.status !== "RUNNING" && run.status !== "PENDING") throw new AppError("CONFLICT", `This run has already finished (${RUN_STATUS_LABELS[run.status].toLowerCase()}); there is nothing to stop.`);
    return { result: { id: run.id }, audit: { targetType: "run", targetId: run.id, summary: `Stop of ${run.executionName} requested` } };
  },
});

/**
 * Intent to redrive a failed run from its failed step; marked RUNNING so the reconciler follows it again. Its
 * steps run again, so the deployment's approval must still hold, as for a new run.
 */
export const redriveRun = defineCommand({
  name: "runs.redrive",
  permission: "runs:start",
  input: z.object({ runId: idField("Run") }),
  object: ({ tx, input }) => runControl(tx, input.runId),
  run: async ({ tx, input }) => {
    const run = await tx.run.findUnique({ where: { id: input.runId }, select: { id: true, status: true, executionName: true, executionArn: true, deploymentId: true } });
    if (!run) throw new AppError("NOT_FOUND", "That run does not exist.");
    if (!(REDRIVABLE_STATUSES as readonly string[]).includes(run.status) || !run.executionArn) {
      throw new AppError("CONFLICT", `Only a failed, timed-out or stopped run can be redriven; this one is ${RUN_STATUS_LABELS[run.status].toLowerCase()}. Use re-run instead.`);
    }
    await requireApprovalHolds(tx, run.deploymentId);
    return { result: { id: run.id }, audit: { targetType: "run", targetId: run.id, summary: `Redrive of ${run.executionName} requested` } };
  },
});

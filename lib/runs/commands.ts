import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { runTarget } from "@/lib/commands/object-access";
import { requireApprovalHolds } from "@/lib/deployments/approval";
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

async function newRun(tx: Tx, actor: Actor, deploymentId: string, id?: string) {
  const target = await preflight(tx, deploymentId);
  await requireApprovalHolds(tx, target.deploymentId);
  const run = await insertRun(tx, actor, target, target.input, null, id);
  return { result: run, audit: { targetType: "run", targetId: run.id, summary: `Run ${run.executionName} of ${target.modelSlug} requested` } };
}

const CreateRunInput = z.object({ deploymentId: idField("Deployment") });

export const createRun = defineCommand({
  name: "runs.create",
  permission: "runs:start",
  input: CreateRunInput,
  run: ({ tx, input, actor }) => newRun(tx, actor, input.deploymentId),
});

/**
 * A run of a bulk start (lib/runs/bulk-start.ts), its id chosen by the server: the bulk item's, so a job that
 * is retried after a crash finds its run (a second insert is a unique violation) instead of creating another.
 * Never an action's input: callers of createRun cannot choose ids.
 */
export const createBulkRun = defineCommand({
  name: "runs.create",
  permission: "runs:start",
  input: CreateRunInput.extend({ runId: z.uuid() }),
  run: ({ tx, input, actor }) => newRun(tx, actor, input.deploymentId, input.runId),
});

/** A new run with exactly the input of an earlier one (not rebuilt from today's parameters). */
export const rerunRun = defineCommand({
  name: "runs.rerun",
  permission: "runs:start",
  input: z.object({ runId: idField("Run") }),
  run: async ({ tx, input, actor }) => {
    const previous = await tx.run.findUnique({ where: { id: input.runId }, select: { id: true, deploymentId: true, input: true, executionName: true } });
    if (!previous) throw new AppError("NOT_FOUND", "That run does not exist.");
    const target = await preflight(tx, previous.deploymentId);
    await requireApprovalHolds(tx, target.deploymentId);
    const run = await insertRun(tx, actor, target, previous.input as Prisma.InputJsonValue, previous.id);
    return { result: run, audit: { targetType: "run", targetId: run.id, summary: `Re-run of ${previous.executionName} requested as ${run.executionName}` } };
  },
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

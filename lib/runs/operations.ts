import "server-only";
import { RedriveExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import pLimit from "p-limit";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { admit, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { awsCall } from "./aws-calls";
import { BULK_CONCURRENCY, BULK_MAX, startRuns } from "./bulk-start";
import { createRun, redriveRun, rerunRun, stopRun } from "./commands";
import { dispatchRun, type DispatchOutcome } from "./dispatch";
import { clientsFor } from "@/lib/aws/clients";
import { filtersFromSearchParams } from "./filters";
import { runIdsMatching } from "./run-ids";
import { ACTIVE_STATUSES, REDRIVABLE_STATUSES } from "./status";
import { syncRun } from "./reconciler/sync-run";

/** Start one run: written first (PENDING), then StartExecution. */
export async function startRun(db: PrismaClient, actor: Actor | null, input: z.input<typeof createRun.input>): Promise<DispatchOutcome> {
  const { id } = await executeCommand(db, createRun, actor, input);
  return dispatchRun(db, id, { principal: actor });
}

export async function rerun(db: PrismaClient, actor: Actor | null, input: z.input<typeof rerunRun.input>): Promise<DispatchOutcome> {
  const { id } = await executeCommand(db, rerunRun, actor, input);
  return dispatchRun(db, id, { principal: actor });
}

export const ModelsStartInput = z.object({
  modelIds: z.array(idField("Model")).min(1, "Select at least one model").max(BULK_MAX, `At most ${BULK_MAX} runs at a time`),
  environmentId: idField("Environment").optional(),
});

/**
 * Bulk start from the models list (a selection or a saved filter's models): each model's most recent live
 * deployment (in `environmentId` when given) is queued as a bulk start; a model without one is reported, not
 * skipped silently.
 */
export async function startRunsForModels(db: PrismaClient, actor: Actor | null, rawInput: z.input<typeof ModelsStartInput>) {
  const { input } = admit(actor, "runs:start", ModelsStartInput, rawInput, "runs.start_models");
  const live = await db.deployment.findMany({
    where: { modelId: { in: input.modelIds }, status: "LIVE", ...(input.environmentId ? { environmentId: input.environmentId } : {}) },
    orderBy: { updatedAt: "desc" },
    select: { id: true, modelId: true },
  });
  const byModel = new Map<string, string>();
  for (const d of live) if (!byModel.has(d.modelId)) byModel.set(d.modelId, d.id);
  const withoutLiveDeployment = input.modelIds.filter((modelId) => !byModel.has(modelId));
  const queued = byModel.size ? await startRuns(db, actor, { deploymentIds: [...byModel.values()] }) : null;
  return { bulkStartId: queued?.bulkStartId ?? null, total: queued?.total ?? 0, withoutLiveDeployment };
}

async function runWithEnvironment(db: PrismaClient, runId: string) {
  return db.run.findUniqueOrThrow({ where: { id: runId }, select: { id: true, executionArn: true, environment: true } });
}

/** StopExecution, then an immediate sync so the page shows ABORTED without waiting for the reconciler. */
export async function stop(db: PrismaClient, actor: Actor | null, input: z.input<typeof stopRun.input>): Promise<{ id: string }> {
  const { id } = await executeCommand(db, stopRun, actor, input);
  const run = await runWithEnvironment(db, id);
  if (!run.executionArn) {
    // Never started: nothing runs in AWS; a later recovery must not start it either.
    await db.run.updateMany({ where: { id, status: "PENDING" }, data: { status: "ABORTED", error: "Ferry.Stopped", cause: "Stopped before it started", stoppedAt: new Date() } });
    return { id };
  }
  const { sfn } = clientsFor(run.environment, actor);
  const arn = run.executionArn;
  await awsCall("StopExecution", () => sfn.send(new StopExecutionCommand({ executionArn: arn, error: "Ferry.Stopped", cause: `Stopped by ${actor?.email ?? "someone"}` })));
  await syncRun(db, id).catch(() => undefined);
  return { id };
}

export async function redrive(db: PrismaClient, actor: Actor | null, input: z.input<typeof redriveRun.input>): Promise<{ id: string }> {
  const { id } = await executeCommand(db, redriveRun, actor, input);
  const run = await runWithEnvironment(db, id);
  const { sfn } = clientsFor(run.environment, actor);
  const arn = run.executionArn ?? "";
  try {
    await awsCall("RedriveExecution", () => sfn.send(new RedriveExecutionCommand({ executionArn: arn })));
  } catch (error) {
    throw new AppError("CONFLICT", `Step Functions refused the redrive: ${error instanceof Error ? error.message : "unknown error"}`);
  }
  await db.run.update({ where: { id }, data: { status: "RUNNING", stoppedAt: null, error: null, cause: null, failureGroup: null } });
  return { id };
}

/** Bulk stop / re-run / redrive of a set of runs, each reported; AWS calls paced by p-limit. */
export async function forEachRun(db: PrismaClient, actor: Actor | null, runIds: string[], action: "stop" | "rerun" | "redrive") {
  const operation = { stop, rerun, redrive }[action];
  const limit = pLimit(BULK_CONCURRENCY);
  return Promise.all(
    runIds.map((runId) =>
      limit(async () => {
        try {
          await operation(db, actor, { runId });
          return { runId, ok: true as const };
        } catch (error) {
          return { runId, ok: false as const, message: error instanceof AppError ? error.userMessage : "Unexpected error; it has been logged." };
        }
      }),
    ),
  );
}

export const BulkRunAction = z.object({
  action: z.enum(["stop", "rerun", "redrive"]),
  /** The runs list's search string: the filtered set is resolved on the server, never trusted from the page. */
  filters: z.string().max(2000),
});

export async function bulkOnFiltered(db: PrismaClient, actor: Actor | null, rawInput: z.input<typeof BulkRunAction>) {
  const { input } = admit(actor, "runs:start", BulkRunAction, rawInput, "runs.bulk");
  const filters = filtersFromSearchParams(Object.fromEntries(new URLSearchParams(input.filters)));
  // Only runs the action applies to: stopping a finished run or redriving a successful one would only fail.
  const status = input.action === "stop" ? ACTIVE_STATUSES : input.action === "redrive" ? REDRIVABLE_STATUSES : null;
  const ids = await runIdsMatching(db, filters, BULK_MAX, status ? [...status] : undefined);
  const results = await forEachRun(db, actor, ids, input.action);
  return { total: ids.length, ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok) };
}

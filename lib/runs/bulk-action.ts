import { randomUUID } from "node:crypto";
import pLimit from "p-limit";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { admit, defineCommand, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import type { JobPayload } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/enqueue";
import { findActor } from "@/lib/auth/actor";
import { idField } from "@/lib/validation/fields";
import { BULK_BATCH, BULK_CONCURRENCY, BULK_MAX } from "./bulk-start";
import { rerunBulkRun } from "./commands";
import { dispatchRun } from "./dispatch";
import { filtersFromSearchParams } from "./filters";
import { redrive, stop } from "./operations";
import { runIdsMatching } from "./run-ids";
import { ACTIVE_STATUSES, REDRIVABLE_STATUSES } from "./status";

export const BulkRunActionName = z.enum(["stop", "rerun", "redrive"]);
export type BulkRunActionName = z.infer<typeof BulkRunActionName>;

export const BulkRunAction = z.object({
  action: BulkRunActionName,
  /** The runs list's search string: the filtered set is resolved on the server, never trusted from the page. */
  filters: z.string().max(2000),
});

type ItemStatus = "PENDING" | "DONE" | "REFUSED";

/**
 * The intent of a bulk stop, re-run or redrive: the action, one item per run and the jobs that carry them out, in
 * one transaction. Each run is checked again (role, object rules, status) when a worker takes its item.
 */
export const requestBulkRunAction = defineCommand({
  name: "runs.bulk_action",
  permission: "runs:start",
  input: z.object({
    action: BulkRunActionName,
    runIds: z.array(idField("Run")).min(1, "No run matches").max(BULK_MAX, `At most ${BULK_MAX} runs at a time`).refine((ids) => new Set(ids).size === ids.length, "A run is listed twice"),
  }),
  run: async ({ tx, input, actor }) => {
    const id = randomUUID();
    const items = input.runIds.map((runId, position) => ({ id: randomUUID(), bulkId: id, position, runId }));
    await tx.bulkRunAction.create({ data: { id, actorId: actor.id, action: input.action, total: items.length } });
    await tx.bulkRunActionItem.createMany({ data: items });
    for (let i = 0; i < items.length; i += BULK_BATCH) {
      await enqueue(tx, "runs.bulk-action", { bulkId: id, itemIds: items.slice(i, i + BULK_BATCH).map((item) => item.id) });
    }
    return { result: { bulkId: id, total: items.length }, audit: { targetType: "bulk_run_action", targetId: id, summary: `Bulk ${input.action} of ${items.length} runs requested` } };
  },
});

/** Bulk stop / re-run / redrive of the runs list's filtered set (at most BULK_MAX): queued, answered at once. */
export async function bulkOnFiltered(db: PrismaClient, actor: Actor | null, rawInput: unknown) {
  const { input } = admit(actor, "runs:start", BulkRunAction, rawInput, "runs.bulk");
  const filters = filtersFromSearchParams(Object.fromEntries(new URLSearchParams(input.filters)));
  // Only runs the action applies to: stopping a finished run or redriving a successful one would only fail.
  const status = input.action === "stop" ? ACTIVE_STATUSES : input.action === "redrive" ? REDRIVABLE_STATUSES : null;
  const runIds = await runIdsMatching(db, filters, BULK_MAX, status ? [...status] : undefined);
  if (runIds.length === 0) return { bulkId: null, total: 0 };
  return executeCommand(db, requestBulkRunAction, actor, { action: input.action, runIds });
}

type Item = { id: string; runId: string };

async function settle(db: PrismaClient, item: Item, status: "DONE" | "REFUSED", message: string | null) {
  await db.bulkRunActionItem.updateMany({ where: { id: item.id, status: "PENDING" }, data: { status, message: message?.slice(0, 1000) ?? null, updatedAt: new Date() } });
}

/** A re-run whose new run takes the item's id: created once, then dispatched (StartExecution is idempotent by name). */
async function rerunItem(db: PrismaClient, actor: Actor, item: Item): Promise<void> {
  const made = await db.run.findUnique({ where: { id: item.id }, select: { id: true } });
  if (!made) {
    try {
      await executeCommand(db, rerunBulkRun, actor, { runId: item.runId, newRunId: item.id });
    } catch (error) {
      if (!(await db.run.findUnique({ where: { id: item.id }, select: { id: true } }))) throw error;
    }
  }
  await dispatchRun(db, item.id);
}

/**
 * A stop or redrive refused because the run is already where the action would bring it: the work of an earlier
 * delivery of this job that ended before it could settle the item.
 */
async function alreadyDone(db: PrismaClient, action: BulkRunActionName, runId: string): Promise<boolean> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
  return (action === "stop" && run?.status === "ABORTED") || (action === "redrive" && run?.status === "RUNNING");
}

async function actOn(db: PrismaClient, actor: Actor, action: BulkRunActionName, item: Item): Promise<void> {
  try {
    if (action === "rerun") await rerunItem(db, actor, item);
    else await (action === "stop" ? stop : redrive)(db, actor, { runId: item.runId });
    await settle(db, item, "DONE", null);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "CONFLICT" && (await alreadyDone(db, action, item.runId))) return settle(db, item, "DONE", null);
    await settle(db, item, "REFUSED", error.userMessage);
  }
}

/** The job: the batch's items still PENDING, as the caller now (a user disabled meanwhile acts on nothing). */
export async function performBulkAction(db: PrismaClient, payload: JobPayload<"runs.bulk-action">): Promise<void> {
  const bulk = await db.bulkRunAction.findUnique({ where: { id: payload.bulkId }, select: { actorId: true, action: true } });
  if (!bulk) return;
  const action = BulkRunActionName.parse(bulk.action);
  const items = await db.bulkRunActionItem.findMany({ where: { id: { in: payload.itemIds }, bulkId: payload.bulkId, status: "PENDING" }, orderBy: { position: "asc" }, select: { id: true, runId: true } });
  const actor = await findActor(db, bulk.actorId);
  if (!actor) {
    for (const item of items) await settle(db, item, "REFUSED", "The user who asked for this is disabled; nothing was done.");
    return;
  }
  const limit = pLimit(BULK_CONCURRENCY);
  const results = await Promise.allSettled(items.map((item) => limit(() => actOn(db, actor, action, item))));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
}

export type BulkRunActionProgress = { action: BulkRunActionName; total: number; done: number; refused: number; pending: number; refusals: { runId: string; message: string | null }[] };

/** How far a bulk run action is, for the runs page; only the person who asked for it may read it. */
export async function bulkRunActionProgress(db: PrismaClient, actor: Actor | null, rawInput: unknown): Promise<BulkRunActionProgress> {
  const { input } = admit(actor, "runs:start", z.object({ bulkId: idField("Bulk action") }), rawInput, "runs.bulk_action_progress");
  const bulk = await db.bulkRunAction.findFirst({ where: { id: input.bulkId, actorId: actor?.id }, select: { action: true, total: true } });
  if (!bulk) throw new AppError("NOT_FOUND", "That bulk action does not exist.");
  const counts = await db.bulkRunActionItem.groupBy({ by: ["status"], where: { bulkId: input.bulkId }, _count: true });
  const count = (status: ItemStatus) => counts.find((c) => c.status === status)?._count ?? 0;
  const refusals = await db.bulkRunActionItem.findMany({ where: { bulkId: input.bulkId, status: "REFUSED" }, orderBy: { position: "asc" }, take: 20, select: { runId: true, message: true } });
  return { action: BulkRunActionName.parse(bulk.action), total: bulk.total, done: count("DONE"), refused: count("REFUSED"), pending: count("PENDING"), refusals };
}

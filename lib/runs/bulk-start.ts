import { randomUUID } from "node:crypto";
import pLimit from "p-limit";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { findActor } from "@/lib/auth/actor";
import type { Actor } from "@/lib/auth/permissions";
import { admit, defineCommand, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import type { JobPayload } from "@/lib/jobs/definitions";
import { idField } from "@/lib/validation/fields";
import { TokenBucket } from "./aws-calls";
import { createBulkRun } from "./commands";
import { dispatchRun } from "./dispatch";

/**
 * StartExecution is throttled per account and region (a token bucket of 800, refilled at 150/s in most
 * regions; 1,300 and 300/s in the largest). A worker's bulk starts take half the refill rate so interactive
 * starts and other tools keep room, with at most BULK_CONCURRENCY calls in flight. The bucket is per worker
 * process (safe to lose: with M workers the account sees at most M × 75/s, and throttling is retried with
 * back-off by lib/runs/aws-calls.ts).
 */
export const BULK_START_PER_SECOND = 75;
export const BULK_CONCURRENCY = 10;
export const BULK_MAX = 500;
/** Items per job: a job stays well inside its lease, and several workers share a large bulk start. */
export const BULK_BATCH = 25;
const bulkBucket = new TokenBucket(BULK_START_PER_SECOND, BULK_START_PER_SECOND);

export const BulkStartInput = z.object({
  deploymentIds: z
    .array(idField("Deployment"))
    .min(1, "Select at least one deployment")
    .max(BULK_MAX, `At most ${BULK_MAX} runs at a time`)
    .refine((ids) => new Set(ids).size === ids.length, "A deployment is listed twice"),
});

const ItemStatus = z.enum(["PENDING", "STARTED", "REFUSED"]);

/**
 * The intent of a bulk start: the bulk start, one item per deployment and the jobs that carry them out, in one
 * transaction. Nothing is started here; the request answers at once and the page follows the items.
 */
export const requestBulkStart = defineCommand({
  name: "runs.start_bulk",
  permission: "runs:start",
  input: BulkStartInput,
  run: async ({ tx, input, actor }) => {
    const id = randomUUID();
    const items = input.deploymentIds.map((deploymentId, position) => ({ id: randomUUID(), bulkStartId: id, position, deploymentId }));
    await tx.bulkStart.create({ data: { id, actorId: actor.id, total: items.length } });
    await tx.bulkStartItem.createMany({ data: items });
    for (let i = 0; i < items.length; i += BULK_BATCH) {
      await enqueue(tx, "runs.start-batch", { bulkStartId: id, itemIds: items.slice(i, i + BULK_BATCH).map((item) => item.id) });
    }
    return { result: { bulkStartId: id, total: items.length }, audit: { targetType: "bulk_start", targetId: id, summary: `Bulk start of ${items.length} runs requested` } };
  },
});

export function startRuns(db: PrismaClient, actor: Actor | null, input: z.input<typeof BulkStartInput>) {
  return executeCommand(db, requestBulkStart, actor, input);
}

type Item = { id: string; deploymentId: string };

async function settle(db: PrismaClient, item: Item, status: "STARTED" | "REFUSED", message: string | null) {
  await db.bulkStartItem.updateMany({ where: { id: item.id, status: "PENDING" }, data: { status, message: message?.slice(0, 1000) ?? null, updatedAt: new Date() } });
}

/**
 * One item: its run (created once: the run's id is the item's, so a second attempt meets a unique violation
 * and goes on with the run that exists), then StartExecution, idempotent by the run's execution name.
 */
async function startItem(db: PrismaClient, actor: Actor, item: Item): Promise<void> {
  const existing = await db.run.findUnique({ where: { id: item.id }, select: { id: true } });
  if (!existing) {
    try {
      await executeCommand(db, createBulkRun, actor, { deploymentId: item.deploymentId, runId: item.id });
    } catch (error) {
      const createdMeanwhile = await db.run.findUnique({ where: { id: item.id }, select: { id: true } });
      if (!createdMeanwhile) {
        if (error instanceof AppError) return settle(db, item, "REFUSED", error.userMessage);
        throw error;
      }
    }
  }
  const outcome = await dispatchRun(db, item.id, { startBucket: bulkBucket });
  if (outcome.status === "FAILED") return settle(db, item, "REFUSED", outcome.error ?? "Step Functions refused the start.");
  await settle(db, item, "STARTED", outcome.status === "PENDING" ? `Not started yet (${outcome.error ?? "AWS did not answer"}); the worker retries it.` : null);
}

/** The job: the batch's items still PENDING. An error other than a refusal fails the job, and pg-boss retries it. */
export async function startBatch(db: PrismaClient, payload: JobPayload<"runs.start-batch">): Promise<void> {
  const bulk = await db.bulkStart.findUnique({ where: { id: payload.bulkStartId }, select: { actorId: true } });
  if (!bulk) return;
  const items = await db.bulkStartItem.findMany({ where: { id: { in: payload.itemIds }, bulkStartId: payload.bulkStartId, status: "PENDING" }, orderBy: { position: "asc" }, select: { id: true, deploymentId: true } });
  // The caller's rights now, not when they asked: a user disabled meanwhile starts nothing more.
  const actor = await findActor(db, bulk.actorId);
  if (!actor) {
    for (const item of items) await settle(db, item, "REFUSED", "The user who asked for this bulk start is disabled; nothing was started.");
    return;
  }
  const limit = pLimit(BULK_CONCURRENCY);
  const results = await Promise.allSettled(items.map((item) => limit(() => startItem(db, actor, item))));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
}

export type BulkStartProgress = {
  total: number;
  started: number;
  refused: number;
  pending: number;
  items: { deploymentId: string; model: string | null; runId: string | null; status: z.infer<typeof ItemStatus>; message: string | null }[];
};

/** How far a bulk start is, for the progress bar; only the person who asked for it may read it. */
const BulkStartProgressInput = z.object({ bulkStartId: idField("Bulk start") });

export async function bulkStartProgress(db: PrismaClient, actor: Actor | null, rawInput: z.input<typeof BulkStartProgressInput>): Promise<BulkStartProgress> {
  const { input } = admit(actor, "runs:start", BulkStartProgressInput, rawInput, "runs.bulk_progress");
  const bulk = await db.bulkStart.findFirst({
    where: { id: input.bulkStartId, actorId: actor?.id },
    select: { total: true, items: { orderBy: { position: "asc" }, select: { id: true, deploymentId: true, status: true, message: true } } },
  });
  if (!bulk) throw new AppError("NOT_FOUND", "That bulk start does not exist.");
  const deployments = await db.deployment.findMany({ where: { id: { in: bulk.items.map((i) => i.deploymentId) } }, select: { id: true, model: { select: { slug: true } } } });
  const modelOf = new Map(deployments.map((d) => [d.id, d.model.slug]));
  const items = bulk.items.map((item) => {
    const status = ItemStatus.catch("PENDING").parse(item.status);
    return { deploymentId: item.deploymentId, model: modelOf.get(item.deploymentId) ?? null, runId: status === "STARTED" ? item.id : null, status, message: item.message };
  });
  const count = (status: string) => items.filter((i) => i.status === status).length;
  return { total: bulk.total, started: count("STARTED"), refused: count("REFUSED"), pending: count("PENDING"), items };
}

import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/lib/commands/command";
import { BulkImportSummary } from "./summary";

/**
 * How far an import is, in PostgreSQL so the import page's poll may land on any app instance while a worker
 * (./job.ts) does the work. Keyed by the caller too, so one user cannot read another's progress by guessing an id.
 */
const BulkStage = z.enum(["queued", "validating", "uploading", "writing", "done", "failed"]);
export type BulkStage = z.infer<typeof BulkStage>;
export type BulkProgress = { stage: BulkStage; done: number; total: number; updatedAt: number; summary: BulkImportSummary | null; error: string | null };

const KEEP_MS = 10 * 60_000;

export async function reportProgress(db: PrismaClient, actorId: string, importId: string, stage: BulkStage, done = 0, total = 0): Promise<void> {
  const now = new Date();
  await db.bulkImportProgress.upsert({
    where: { actorId_importId: { actorId, importId } },
    create: { actorId, importId, stage, done, total, updatedAt: now },
    update: { stage, done, total, updatedAt: now },
  });
}

/** A new import is a cheap moment to forget finished ones nobody polls any more (a queued one may wait longer). */
export async function forgetFinishedProgress(tx: Tx): Promise<void> {
  await tx.bulkImportProgress.deleteMany({ where: { stage: { in: ["done", "failed"] }, updatedAt: { lt: new Date(Date.now() - KEEP_MS) } } });
}

export async function readProgress(db: PrismaClient, actorId: string, importId: string): Promise<BulkProgress | null> {
  // The stage first, then the outcome: the job stores the outcome before it reports "done" or "failed", so read in
  // this order a finished stage always comes with its summary or error (read together, "done" could come without).
  const row = await db.bulkImportProgress.findUnique({ where: { actorId_importId: { actorId, importId } } });
  const outcome = await db.bulkImport.findFirst({ where: { id: importId, actorId }, select: { summary: true, error: true } });
  const stage = BulkStage.safeParse(row?.stage);
  if (!row || !stage.success) return null;
  const summary = BulkImportSummary.safeParse(outcome?.summary);
  return { stage: stage.data, done: row.done, total: row.total, updatedAt: row.updatedAt.getTime(), summary: summary.success ? summary.data : null, error: outcome?.error ?? null };
}

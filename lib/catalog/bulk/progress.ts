import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";

/**
 * How far a running import is, in PostgreSQL so the import page's poll may land on any app instance. Keyed by
 * the caller too, so one user cannot read another's progress by guessing an id.
 */
const BulkStage = z.enum(["validating", "uploading", "writing", "done", "failed"]);
export type BulkStage = z.infer<typeof BulkStage>;
export type BulkProgress = { stage: BulkStage; done: number; total: number; updatedAt: number };

const KEEP_MS = 10 * 60_000;

export async function reportProgress(db: PrismaClient, actorId: string, importId: string, stage: BulkStage, done = 0, total = 0): Promise<void> {
  const now = new Date();
  // An import starts with "validating": a cheap moment to forget imports nobody polls any more.
  if (stage === "validating") await db.bulkImportProgress.deleteMany({ where: { updatedAt: { lt: new Date(now.getTime() - KEEP_MS) } } });
  await db.bulkImportProgress.upsert({
    where: { actorId_importId: { actorId, importId } },
    create: { actorId, importId, stage, done, total, updatedAt: now },
    update: { stage, done, total, updatedAt: now },
  });
}

export async function readProgress(db: PrismaClient, actorId: string, importId: string): Promise<BulkProgress | null> {
  const row = await db.bulkImportProgress.findUnique({ where: { actorId_importId: { actorId, importId } } });
  const stage = BulkStage.safeParse(row?.stage);
  if (!row || !stage.success) return null;
  return { stage: stage.data, done: row.done, total: row.total, updatedAt: row.updatedAt.getTime() };
}

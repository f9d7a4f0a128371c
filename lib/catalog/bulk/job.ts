import pLimit from "p-limit";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { catalogStorage } from "@/lib/catalog/storage";
import { stagedKey } from "@/lib/catalog/scripts/code-versions";
import { fillCodePrefix } from "@/lib/catalog/scripts/upload";
import type { JobAttempt, JobPayload } from "@/lib/jobs/definitions";
import { putObject } from "@/lib/storage/objects";
import { findActor } from "@/lib/auth/actor";
import { importGitColumns } from "@/lib/catalog/git/manifest-column";
import { bulkImportModels } from "./command";
import { reportProgress } from "./progress";
import { gitRowsOf, importInputOf, queueBulkImport, uploadOf } from "./run";
import { BulkImportSummary } from "./summary";

type Queued = { id: string; actorId: string; fileName: string; upload: Uint8Array | null };

/**
 * Checks the stored upload again (the catalog may have changed while it waited), stages the changed files by
 * content in the code bucket (a retry writes the same keys), then writes every model and code version in one
 * transaction that also stores the summary, so it happens once however often the job runs.
 */
async function writeUpload(db: PrismaClient, actor: Actor, queued: Queued & { upload: Uint8Array }): Promise<BulkImportSummary> {
  await reportProgress(db, actor.id, queued.id, "validating");
  const { items, input, writes } = await importInputOf(db, actor, uploadOf(queued.fileName, queued.upload));
  const bytesOf = new Map(items.flatMap((item) => item.files.map((f) => [`${item.fields?.slug}/${f.name}`, f.bytes] as const)));
  const staged = writes.flatMap((w) => w.files.map((f) => ({ key: stagedKey(w.row.slug, f.sha256), bytes: bytesOf.get(`${w.row.slug}/${f.name}`) })));
  // Only zips carry files; a manifest import needs no storage at all.
  const storage = staged.length > 0 ? await catalogStorage(db) : null;
  let done = 0;
  await reportProgress(db, actor.id, queued.id, "uploading", 0, staged.length);
  const limit = pLimit(8);
  await Promise.all(
    staged.map(({ key, bytes }) =>
      limit(async () => {
        if (storage && bytes) await putObject(storage.s3, { bucket: storage.bucket, key }, bytes);
        await reportProgress(db, actor.id, queued.id, "uploading", ++done, staged.length);
      }),
    ),
  );
  await reportProgress(db, actor.id, queued.id, "writing", 0, input.models.length);
  return executeCommand(db, bulkImportModels, actor, { ...input, importId: queued.id });
}

/** The stored summary of an import whose write has committed, or null. */
async function writtenSummary(db: PrismaClient, importId: string): Promise<BulkImportSummary | null> {
  const row = await db.bulkImport.findUnique({ where: { id: importId }, select: { summary: true } });
  const parsed = BulkImportSummary.safeParse(row?.summary);
  return parsed.success ? parsed.data : null;
}

async function finish(db: PrismaClient, queued: Pick<Queued, "id" | "actorId">, outcome: { error: string } | { summary: BulkImportSummary }): Promise<void> {
  const failed = "error" in outcome;
  await db.bulkImport.updateMany({ where: { id: queued.id, finishedAt: null }, data: { upload: null, finishedAt: new Date(), ...(failed ? { error: outcome.error.slice(0, 1000) } : { summary: outcome.summary }) } });
  const total = failed ? 0 : outcome.summary.created.length + outcome.summary.updated.length + outcome.summary.unchanged;
  await reportProgress(db, queued.actorId, queued.id, failed ? "failed" : "done", total, total);
}

/** Carries out a queued import: throws what stops it (the job decides what that means). */
async function carryOut(db: PrismaClient, row: Queued, actor: Actor): Promise<BulkImportSummary> {
  let summary = await writtenSummary(db, row.id);
  if (!summary) {
    const upload = row.upload;
    if (!upload) throw new AppError("NOT_FOUND", "The uploaded file is gone; upload it again.");
    summary = await writeUpload(db, actor, { ...row, upload }).catch(async (error: unknown) => {
      // Another delivery of this job wrote it meanwhile: go on with what it stored.
      const written = error instanceof AppError && error.code === "CONFLICT" ? await writtenSummary(db, row.id) : null;
      if (!written) throw error;
      return written;
    });
  }
  const storage = summary.codeVersions.length > 0 ? await catalogStorage(db) : null;
  if (storage) for (const v of summary.codeVersions) await fillCodePrefix(storage, v.slug, v.version, v.files);
  // Each Git row is imported like the model page's "Import from Git"; a retry finds an imported commit unchanged.
  const gitRows = row.upload ? await gitRowsOf(uploadOf(row.fileName, row.upload)) : [];
  if (gitRows.length > 0) summary = { ...summary, git: await importGitColumns(db, actor, gitRows) };
  await finish(db, row, { summary });
  return summary;
}

const queuedImport = (db: PrismaClient, importId: string) =>
  db.bulkImport.findFirst({ where: { id: importId, finishedAt: null }, select: { id: true, actorId: true, fileName: true, upload: true } });

/**
 * The job: a queued import not finished yet. A refusal (a row that no longer passes, a model the caller may no
 * longer edit) finishes it with the reason and nothing written; another error is retried by pg-boss, and only
 * the last attempt gives up. After the write, each new version's prefix is filled from the staged objects (a
 * retry copies the same bytes again).
 */
export async function performBulkImport(db: PrismaClient, { importId }: JobPayload<"catalog.bulk-import">, attempt?: JobAttempt): Promise<void> {
  const row = await queuedImport(db, importId);
  if (!row) return;
  // The caller's rights now, not when they asked: a user disabled meanwhile imports nothing.
  const actor = await findActor(db, row.actorId);
  if (!actor) return finish(db, row, { error: "The user who asked for this import is disabled; nothing was imported." });
  try {
    await carryOut(db, row, actor);
  } catch (error) {
    if (error instanceof AppError) return finish(db, row, { error: error.userMessage });
    if (attempt?.lastAttempt) await finish(db, row, { error: "The import failed unexpectedly; it has been logged. Upload the file again." }).catch(() => undefined);
    throw error;
  }
}

/**
 * Import and wait in this process (tests and the catalog bench): the same checks, intent and job as the upload
 * route and the API, carried out here at once; the queued job then finds the import finished. Refusals are
 * thrown as they are.
 */
export async function importBulk(db: PrismaClient, actor: Actor | null, form: FormData): Promise<BulkImportSummary> {
  const { importId } = await queueBulkImport(db, actor, form);
  const row = await queuedImport(db, importId);
  if (!row || !actor) throw new AppError("NOT_FOUND", "That import does not exist.");
  try {
    return await carryOut(db, row, actor);
  } catch (error) {
    if (error instanceof AppError) await finish(db, row, { error: error.userMessage });
    throw error;
  }
}

import "server-only";
import pLimit from "p-limit";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { executeCommand, requireSignedIn } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { catalogStorage } from "@/lib/catalog/storage";
import { stagedKey } from "@/lib/catalog/scripts/code-versions";
import { fillCodePrefix } from "@/lib/catalog/scripts/upload";
import { putObject } from "@/lib/storage/objects";
import { bulkImportModels, type BulkImportSummary } from "./command";
import { refusedFile } from "./errors";
import { zipItems } from "./folders";
import { BulkModel } from "./input";
import type { BulkItem } from "./items";
import { BULK_LIMITS, megabytes } from "./limits";
import { readManifest } from "./manifest";
import { planImport, type BulkAction } from "./plan";
import { objectActorOf } from "@/lib/commands/object-access";
import { reportProgress } from "./progress";
import { importGitColumns } from "@/lib/catalog/git/manifest-column";
import { readZip } from "./zip";

export type BulkPreviewRow = {
  label: string;
  slug: string | null;
  action: BulkAction | null;
  changes: string[];
  errors: string[];
  warnings: string[];
  files: string[];
};
export type BulkPreview = { fileName: string; kind: "manifest" | "zip"; rows: BulkPreviewRow[]; errorCount: number };

type Upload = { fileName: string; kind: "manifest" | "zip"; bytes: Uint8Array };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The file of a multipart form, size-checked before its bytes are read. */
async function readUpload(form: FormData): Promise<Upload> {
  const file = form.get("file");
  if (!(file instanceof Blob)) throw refusedFile("Choose a manifest (.csv, .json) or a .zip of model folders to upload.");
  const fileName = ("name" in file && typeof file.name === "string" ? file.name : "upload").slice(0, 200) || "upload";
  if (/\.(xlsx?|ods|numbers)$/i.test(fileName)) throw refusedFile("Spreadsheets are not read directly. Export the sheet as CSV (UTF-8) and upload that.");
  if (file.size > BULK_LIMITS.zipBytes) throw refusedFile(`The file is larger than ${megabytes(BULK_LIMITS.zipBytes)}.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const zip = /\.zip$/i.test(fileName) || ZIP_MAGIC.every((b, i) => bytes[i] === b);
  return { fileName, kind: zip ? "zip" : "manifest", bytes };
}

function checkCaller(actor: Actor | null): asserts actor is Actor {
  requireSignedIn(actor);
  // The same rule the command applies, checked before any parsing so a caller without it costs nothing.
  if (!can(actor, "catalog:write")) throw new AppError("FORBIDDEN", "Your role does not allow this action.");
}

async function itemsOf(upload: Upload): Promise<BulkItem[]> {
  return upload.kind === "zip" ? zipItems(await readZip(upload.bytes)) : readManifest(upload.fileName, upload.bytes);
}

/** The import command's input for the valid items. */
function commandModels(items: BulkItem[]) {
  return items
    .filter((item) => item.errors.length === 0 && item.fields)
    .map((item) => ({
      fields: item.given,
      columns: item.columns,
      files: item.files.map((f) => ({ name: f.name, sha256: f.sha256, sizeBytes: f.bytes.byteLength, readiness: f.readiness })),
    }));
}

/** Reads, checks and compares an upload with the catalog without changing anything. */
export async function previewBulk(db: PrismaClient, actor: Actor | null, form: FormData): Promise<BulkPreview> {
  checkCaller(actor);
  const upload = await readUpload(form);
  const items = await itemsOf(upload);
  const models = z.array(BulkModel).parse(commandModels(items));
  const { plans } = await planImport(db, models, await objectActorOf(db, actor));
  const bySlug = new Map(plans.map((p) => [p.slug, p]));
  const rows = items.map((item): BulkPreviewRow => {
    const plan = item.errors.length === 0 && item.slug ? bySlug.get(item.slug) : undefined;
    const errors = plan?.error ? [...item.errors, plan.error] : item.errors;
    return { label: item.label, slug: item.slug, action: errors.length > 0 ? null : (plan?.action ?? null), changes: plan?.changes ?? [], errors, warnings: item.warnings, files: item.files.map((f) => f.name) };
  });
  return { fileName: upload.fileName, kind: upload.kind, rows, errorCount: rows.filter((r) => r.errors.length > 0).length };
}

/**
 * Imports an upload: the same checks as the preview (nothing from the client is trusted), then the changed
 * files are staged by content in the code bucket, then one transaction writes every model and code version,
 * then each new version's prefix is filled. If the transaction fails, staged objects stay behind: they are
 * unreferenced, so harmless, and a retry reuses them.
 */
export async function importBulk(db: PrismaClient, actor: Actor | null, form: FormData): Promise<BulkImportSummary> {
  checkCaller(actor);
  const importId = z.uuid().safeParse(form.get("importId")).data ?? crypto.randomUUID();
  try {
    await reportProgress(db, actor.id, importId, "validating");
    const upload = await readUpload(form);
    const items = await itemsOf(upload);
    const invalid = items.filter((item) => item.errors.length > 0);
    if (invalid.length > 0) {
      const first = invalid[0];
      throw new AppError("INVALID_INPUT", `${invalid.length} of ${items.length} ${upload.kind === "zip" ? "folders have" : "rows have"} errors; nothing was imported. ${first?.label}: ${first?.errors[0]}`.slice(0, 290), { file: invalid.slice(0, 50).map((i) => `${i.label}: ${i.errors.join("; ")}`) });
    }
    const input = { source: upload.fileName.replace(/[<>]/g, "_"), models: commandModels(items) };
    const { writes } = await planImport(db, z.array(BulkModel).parse(input.models), await objectActorOf(db, actor));
    const bytesOf = new Map(items.flatMap((item) => item.files.map((f) => [`${item.fields?.slug}/${f.name}`, f.bytes] as const)));
    const staged = writes.flatMap((w) => w.files.map((f) => ({ key: stagedKey(w.row.slug, f.sha256), bytes: bytesOf.get(`${w.row.slug}/${f.name}`) })));
    // Only zips carry files; a manifest import needs no storage at all.
    const storage = staged.length > 0 ? await catalogStorage(db) : null;
    let done = 0;
    await reportProgress(db, actor.id, importId, "uploading", 0, staged.length);
    const limit = pLimit(8);
    await Promise.all(
      staged.map(({ key, bytes }) =>
        limit(async () => {
          if (storage && bytes) await putObject(storage.s3, { bucket: storage.bucket, key }, bytes);
          await reportProgress(db, actor.id, importId, "uploading", ++done, staged.length);
        }),
      ),
    );
    await reportProgress(db, actor.id, importId, "writing", 0, input.models.length);
    const summary = await executeCommand(db, bulkImportModels, actor, input);
    // The versions are recorded; their prefixes are filled from the staged objects (a retry writes the same bytes).
    const fill = summary.codeVersions.length > 0 ? (storage ?? (await catalogStorage(db))) : null;
    if (fill) for (const v of summary.codeVersions) await fillCodePrefix(fill, v.slug, v.version, v.files);
    const gitRows = items.flatMap((item) => (item.git && item.fields ? [{ slug: item.fields.slug, source: item.git }] : []));
    const git = gitRows.length > 0 ? await importGitColumns(db, actor, gitRows) : undefined;
    await reportProgress(db, actor.id, importId, "done", input.models.length, input.models.length);
    return { ...summary, ...(git ? { git } : {}) };
  } catch (error) {
    await reportProgress(db, actor.id, importId, "failed");
    throw error;
  }
}

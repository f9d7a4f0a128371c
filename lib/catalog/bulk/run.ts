import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { executeCommand, requireSignedIn } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import type { GitSource } from "@/lib/catalog/git/source";
import { refusedFile } from "./errors";
import { zipItems } from "./folders";
import { BulkModel } from "./input";
import type { BulkItem } from "./items";
import { BULK_LIMITS, megabytes } from "./limits";
import { readManifest } from "./manifest";
import { planImport, type BulkAction } from "./plan";
import { objectActorOf } from "@/lib/commands/object-access";
import { requestBulkImport } from "./request";
import { refuseFailedPlan } from "./command";
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

export type Upload = { fileName: string; kind: "manifest" | "zip"; bytes: Uint8Array };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A stored upload's kind, as readUpload judged it: by name or by the zip signature. */
export function uploadOf(fileName: string, bytes: Uint8Array): Upload {
  const zip = /\.zip$/i.test(fileName) || ZIP_MAGIC.every((b, i) => bytes[i] === b);
  return { fileName, kind: zip ? "zip" : "manifest", bytes };
}

/** The file of a multipart form, size-checked before its bytes are read. */
async function readUpload(form: FormData): Promise<Upload> {
  const file = form.get("file");
  if (!(file instanceof Blob)) throw refusedFile("Choose a manifest (.csv, .json) or a .zip of model folders to upload.");
  const fileName = ("name" in file && typeof file.name === "string" ? file.name : "upload").slice(0, 200) || "upload";
  if (/\.(xlsx?|ods|numbers)$/i.test(fileName)) throw refusedFile("Spreadsheets are not read directly. Export the sheet as CSV (UTF-8) and upload that.");
  if (file.size > BULK_LIMITS.zipBytes) throw refusedFile(`The file is larger than ${megabytes(BULK_LIMITS.zipBytes)}.`);
  return uploadOf(fileName, new Uint8Array(await file.arrayBuffer()));
}

function checkCaller(actor: Actor | null): asserts actor is Actor {
  requireSignedIn(actor);
  // The same rule the command applies, checked before any parsing so a caller without it costs nothing.
  if (!can(actor, "catalog:write")) throw new AppError("FORBIDDEN", "Your role does not allow this action.");
}

async function itemsOf(upload: Upload): Promise<BulkItem[]> {
  return upload.kind === "zip" ? zipItems(await readZip(upload.bytes)) : readManifest(upload.fileName, upload.bytes);
}

/** The manifest rows whose code comes from Git (lib/catalog/git/manifest-column.ts); only manifests carry them. */
export async function gitRowsOf(upload: Upload): Promise<{ slug: string; source: GitSource }[]> {
  if (upload.kind !== "manifest") return [];
  const items = await itemsOf(upload);
  return items.flatMap((item) => (item.git && item.fields ? [{ slug: item.fields.slug, source: item.git }] : []));
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
 * An upload whose every row or folder is valid and may be imported by the caller, as the import command's input
 * with its plan against the catalog now; refused whole otherwise.
 */
export async function importInputOf(db: PrismaClient, actor: Actor, upload: Upload) {
  const items = await itemsOf(upload);
  const invalid = items.filter((item) => item.errors.length > 0);
  if (invalid.length > 0) {
    const first = invalid[0];
    throw new AppError("INVALID_INPUT", `${invalid.length} of ${items.length} ${upload.kind === "zip" ? "folders have" : "rows have"} errors; nothing was imported. ${first?.label}: ${first?.errors[0]}`.slice(0, 290), { file: invalid.slice(0, 50).map((i) => `${i.label}: ${i.errors.join("; ")}`) });
  }
  const input = { source: upload.fileName.replace(/[<>]/g, "_"), models: commandModels(items) };
  const { plans, writes } = await planImport(db, z.array(BulkModel).parse(input.models), await objectActorOf(db, actor));
  refuseFailedPlan(plans);
  return { items, input, writes };
}

/**
 * Queues an import: the same checks as the preview (nothing from the client is trusted), then the upload, the
 * intent and its job in one transaction (./request.ts). Answers at once; a worker imports it (./job.ts), checking
 * everything again, and the page follows its progress and shows its summary.
 */
export async function queueBulkImport(db: PrismaClient, actor: Actor | null, form: FormData): Promise<{ importId: string; models: number }> {
  checkCaller(actor);
  const importId = z.uuid().safeParse(form.get("importId")).data ?? crypto.randomUUID();
  const upload = await readUpload(form);
  const { input } = await importInputOf(db, actor, upload);
  await executeCommand(db, requestBulkImport, actor, { importId, fileName: upload.fileName, upload: upload.bytes, models: input.models.length });
  return { importId, models: input.models.length };
}

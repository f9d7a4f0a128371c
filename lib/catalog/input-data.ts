import "server-only";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { modelTarget, requireAllowed } from "@/lib/commands/object-access";
import { writeAudit } from "@/lib/audit/write";
import { admit } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { defineQuery } from "@/lib/commands/query";
import { listPrefix, parseS3Uri, putObject, s3Uri, sha256, type S3Location } from "@/lib/storage/objects";
import { idField } from "@/lib/validation/fields";
import { INPUT_LIMITS, PREVIEW_ROWS } from "./input-limits";
import { sanitizeFileName } from "./scripts/file-names";
import { catalogStorage } from "./storage";

/**
 * A model's input data in embedded mode (issue 16): browse, preview and upload its input prefix from its page,
 * with no AWS CLI. Only where the catalog's storage is the embedded engine and the prefix is in its bucket; never
 * under ferry/ (code, images, parity: what approvals bind) and never overlapping another model's data.
 */
const PAGE_BYTES = 256 * 1024;

const withSlash = (uri: string) => (uri.endsWith("/") ? uri : `${uri}/`);
const refused = (message: string) => new AppError("CONFLICT", message);

type InputPlace = { root: S3Location; s3: Awaited<ReturnType<typeof catalogStorage>>["s3"]; slug: string };

/** Another model reads or writes inside this prefix, or this prefix lies inside one of theirs. */
async function overlappingModel(db: PrismaClient, modelId: string, uri: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ slug: string }[]>`
    SELECT slug FROM models
    WHERE id <> ${modelId}::uuid
      AND ((input_uri IS NOT NULL AND (starts_with(input_uri, ${uri}) OR starts_with(${uri}, input_uri)))
        OR (output_uri IS NOT NULL AND (starts_with(output_uri, ${uri}) OR starts_with(${uri}, output_uri))))
    LIMIT 1`;
  return rows[0]?.slug ?? null;
}

async function inputPlace(db: PrismaClient, modelId: string): Promise<InputPlace> {
  const model = await db.model.findUnique({ where: { id: modelId }, select: { slug: true, inputUri: true } });
  if (!model) throw new AppError("NOT_FOUND", "That model no longer exists.");
  const storage = await catalogStorage(db);
  if (!model.inputUri) throw refused(`${model.slug} has no input location yet. Edit it and set its input URI, e.g. s3://${storage.bucket}/models/${model.slug}/input/.`);
  const uri = withSlash(model.inputUri);
  if (storage.environment.kind !== "EMBEDDED") throw refused(`Input data is uploaded here in embedded mode only. In AWS, copy it with: aws s3 cp <file> ${uri}`);
  const root = parseS3Uri(uri);
  if (root.bucket !== storage.bucket) throw refused(`${model.slug} reads its input from s3://${root.bucket}, not from the embedded engine's bucket ${storage.bucket}. Point its input URI into s3://${storage.bucket}/ to upload here.`);
  if (root.key === "" || root.key.startsWith("ferry/")) throw refused(`${uri} is Ferry's own space (code, images, parity): choose another input location for ${model.slug}.`);
  const other = await overlappingModel(db, modelId, uri);
  if (other) throw refused(`${uri} overlaps the data of model ${other}: give ${model.slug} its own input location to upload here.`);
  return { root, s3: storage.s3, slug: model.slug };
}

/** A key or folder the browser names, checked to be inside the model's input prefix. */
function within(root: S3Location, key: string): S3Location {
  if (!key.startsWith(root.key) || key.split("/").some((segment) => segment === ".." || segment === ".")) {
    throw new AppError("INVALID_INPUT", "Please correct the input. key: must be inside this model's input prefix");
  }
  return { bucket: root.bucket, key };
}

export const inputListQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Model"), prefix: z.string().max(1024).optional(), token: z.string().max(1024).optional() }),
  run: async ({ db, input }) => {
    const { root, s3 } = await inputPlace(db, input.id);
    const location = within(root, input.prefix ?? root.key);
    return { bucket: root.bucket, root: root.key, prefix: location.key, ...(await listPrefix(s3, location, input.token)) };
  },
});

/** Up to PREVIEW_ROWS complete lines of a page's text, and how many bytes of it they took (where the next page starts). */
export function csvPage(text: string, fileEnds: boolean): { lines: string[]; consumed: number } {
  const lines: string[] = [];
  let at = 0;
  while (lines.length < PREVIEW_ROWS && at < text.length) {
    const end = text.indexOf("\n", at);
    if (end < 0) {
      // A ranged read's last line may be cut: the next page reads it again, unless the file ended there (or it is
      // one line longer than a page, shown cut rather than never).
      if (fileEnds || lines.length === 0) {
        lines.push(text.slice(at));
        at = text.length;
      }
      break;
    }
    lines.push(text.slice(at, end).replace(/\r$/, ""));
    at = end + 1;
  }
  return { lines: lines.filter((l) => l !== ""), consumed: Buffer.byteLength(text.slice(0, at)) };
}

async function readRange(place: InputPlace, location: S3Location, from: number, bytes: number) {
  const out = await place.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, Range: `bytes=${from}-${from + bytes - 1}` })).catch((error: unknown) => {
    if (error instanceof Error && ["NoSuchKey", "NotFound", "InvalidRange"].includes(error.name)) throw new AppError("NOT_FOUND", "That file is not in this model's input, or it is empty.");
    throw error;
  });
  return out.Body ? out.Body.transformToString() : "";
}

/**
 * One page of a CSV in the input prefix: its header, up to 50 rows from byte `offset` (a line start, as the
 * previous page said), the file's size and whether the page shows only part of it.
 */
export const inputPreviewQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Model"), key: z.string().min(1).max(1024), offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0) }),
  run: async ({ db, input }) => {
    const place = await inputPlace(db, input.id);
    const location = within(place.root, input.key);
    const head = await place.s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key })).catch(() => null);
    if (!head) throw new AppError("NOT_FOUND", "That file is not in this model's input.");
    const size = head.ContentLength ?? 0;
    if (size === 0) return { name: location.key.split("/").pop() ?? "", size, header: [], rows: [], offset: 0, nextOffset: null, partial: false };
    const headerText = await readRange(place, location, 0, Math.min(size, 64 * 1024));
    const headerLine = headerText.split("\n")[0] ?? "";
    const start = input.offset === 0 ? Buffer.byteLength(headerLine) + 1 : input.offset;
    const text = start < size ? await readRange(place, location, start, Math.min(PAGE_BYTES, size - start)) : "";
    const page = csvPage(text, start + Buffer.byteLength(text) >= size);
    const nextOffset = start + page.consumed < size ? start + page.consumed : null;
    const parseRows = (lines: string[]) => parse(lines.join("\n"), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    return {
      name: location.key.split("/").pop() ?? "",
      size,
      header: parseRows([headerLine.replace(/\r$/, "")])[0] ?? [],
      rows: parseRows(page.lines),
      offset: start,
      nextOffset,
      // Anything before or after this page is not shown.
      partial: nextOffset !== null || input.offset > 0,
    };
  },
});

export const UploadInputInput = z.object({
  modelId: idField("Model"),
  /** A folder under the input prefix to upload into ("" for the prefix itself). */
  folder: z.string().max(300).default(""),
  /** Files (not bytes in an object): binary content is never walked as if it were text fields. */
  files: z.array(z.instanceof(File, { error: "Each upload must be a file" })).min(1, "Choose at least one file").max(INPUT_LIMITS.files, `At most ${INPUT_LIMITS.files} files per upload`),
});

/** Every name made safe as an S3 key under the prefix, or every problem named at once; nothing is stored unless all pass. */
function acceptedNames(folder: string, files: z.output<typeof UploadInputInput>["files"]): string[] {
  const cleanFolder = folder === "" ? { ok: true as const, name: "" } : sanitizeFileName(folder);
  if (!cleanFolder.ok) throw new AppError("INVALID_INPUT", `Please correct the input. folder: ${cleanFolder.reason}`, { folder: [cleanFolder.reason] });
  const problems: string[] = [];
  const names = files.map((file) => {
    const clean = sanitizeFileName(file.name);
    if (!clean.ok) problems.push(`"${file.name.slice(0, 80)}" ${clean.reason}`);
    if (file.size > INPUT_LIMITS.fileBytes) problems.push(`${file.name.slice(0, 80)} is larger than ${INPUT_LIMITS.fileBytes / 1_000_000} MB`);
    return clean.ok ? `${cleanFolder.name ? `${cleanFolder.name}/` : ""}${clean.name}` : "";
  });
  const repeated = names.find((n, i) => n && names.indexOf(n) !== i);
  if (repeated) problems.push(`${repeated} is in the selection twice`);
  if (problems.length > 0) throw new AppError("INVALID_INPUT", `Nothing was uploaded. ${problems.slice(0, 5).join("; ")}.`, { files: problems });
  return names;
}

/**
 * Uploads files into the model's input prefix, for those who may edit the model. The audit event (the intent,
 * with each file's sha256) is written before any byte goes to storage.
 */
export async function uploadModelInput(db: PrismaClient, actor: Actor | null, raw: z.input<typeof UploadInputInput>) {
  const { input, actor: caller } = admit(actor, "catalog:write", UploadInputInput, raw, "models.input_upload");
  await requireAllowed(db, caller, { action: "model:edit", target: await modelTarget(db, input.modelId) });
  const place = await inputPlace(db, input.modelId);
  const names = acceptedNames(input.folder, input.files);
  const files = await Promise.all(
    input.files.map(async (file, i) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return { key: `${place.root.key}${names[i] ?? ""}`, bytes, sha256: sha256(bytes), sizeBytes: bytes.byteLength };
    }),
  );
  await db.$transaction((tx) =>
    writeAudit(tx, caller, "models.input_upload", {
      targetType: "model",
      targetId: input.modelId,
      summary: `Uploaded ${files.length} input file${files.length === 1 ? "" : "s"} of ${place.slug} to ${s3Uri(place.root)}`,
      details: { files: files.map((f) => ({ key: f.key, sha256: f.sha256, sizeBytes: f.sizeBytes })) },
    }),
  );
  for (const file of files) await putObject(place.s3, { bucket: place.root.bucket, key: file.key }, file.bytes);
  return { uploaded: files.map((f) => ({ key: f.key, sizeBytes: f.sizeBytes })) };
}

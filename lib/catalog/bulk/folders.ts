import { createHash } from "node:crypto";
import { hasAllowedExtension, isPython, isRequirements, localModuleOf, sanitizeFileName, SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import { checkReadiness } from "@/lib/catalog/scripts/readiness";
import { refusedFile } from "./errors";
import { flagDuplicateSlugs, validateRecord, type BulkFile, type BulkItem, type ScriptStage } from "./items";
import type { ZipEntryFile } from "./zip";

const MODEL_JSON = "model.json";
const CODE = /\.(py|r|sh|sql)$/i;
/** Readiness lines shown per folder in the preview; all of them are stored with the script version. */
const SHOWN_READINESS = 20;

/** The step a script most likely belongs to, from its name; a guess the model page lets people correct. */
export function guessStage(name: string): ScriptStage {
  const base = (name.split("/").pop() ?? name).toLowerCase();
  if (!CODE.test(base)) return "SUPPORT";
  if (/^(pre[-_]?proc|prep[-_.]|prepare)/.test(base)) return "PREPROCESS";
  if (/(predict|inference|infer|score|serve)/.test(base)) return "INFERENCE";
  if (/^post/.test(base)) return "POSTPROCESS";
  return "SUPPORT";
}

/** Zipping a folder in a file manager wraps everything in one more folder; look inside it. */
function unwrap(files: ZipEntryFile[]): ZipEntryFile[] {
  const tops = new Set(files.map((f) => f.path.split("/")[0]));
  const [only] = tops;
  if (tops.size !== 1 || files.some((f) => f.path.split("/").length < 3)) return files;
  return files.map((f) => ({ ...f, path: f.path.slice(`${only}/`.length) }));
}

function text(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function modelJson(file: ZipEntryFile | undefined): { record: Record<string, unknown>; error?: string } {
  if (!file) return { record: {} };
  try {
    const data: unknown = JSON.parse(new TextDecoder().decode(file.bytes));
    if (typeof data === "object" && data !== null && !Array.isArray(data)) return { record: data as Record<string, unknown> };
  } catch {
    // reported below
  }
  return { record: {}, error: "model.json is not a JSON object of model fields" };
}

/** Files of one folder that may be uploaded, under the catalog's own naming and size rules. */
function acceptFiles(item: BulkItem, folder: string, files: ZipEntryFile[]): { name: string; bytes: Uint8Array; text: string }[] {
  const accepted: { name: string; bytes: Uint8Array; text: string }[] = [];
  let total = 0;
  for (const file of files) {
    const raw = file.path.slice(folder.length + 1);
    if (raw === MODEL_JSON) continue;
    const safe = sanitizeFileName(raw);
    if (!safe.ok) {
      item.errors.push(`${raw} ${safe.reason}`);
      continue;
    }
    if (!hasAllowedExtension(safe.name)) {
      item.warnings.push(`${safe.name} was skipped: not a kind of file a script needs; keep data in S3 (the input URI)`);
      continue;
    }
    const content = text(file.bytes);
    if (content === null && !/\.(pkl|joblib)$/i.test(safe.name)) {
      item.errors.push(`${safe.name} is not UTF-8 text`);
      continue;
    }
    if (file.bytes.byteLength > SCRIPT_LIMITS.maxFileBytes) item.errors.push(`${safe.name} is larger than ${SCRIPT_LIMITS.maxFileBytes / 1_000_000} MB`);
    total += file.bytes.byteLength;
    if (safe.name !== raw) item.warnings.push(`${raw} is stored as ${safe.name}`);
    accepted.push({ name: safe.name, bytes: file.bytes, text: content ?? "" });
  }
  if (accepted.length > SCRIPT_LIMITS.maxFiles) item.errors.push(`More than ${SCRIPT_LIMITS.maxFiles} files in one model`);
  if (total > SCRIPT_LIMITS.maxTotalBytes) item.errors.push(`The files add up to more than ${SCRIPT_LIMITS.maxTotalBytes / 1_000_000} MB`);
  return accepted;
}

function folderItem(folder: string, files: ZipEntryFile[]): BulkItem {
  const meta = modelJson(files.find((f) => f.path === `${folder}/${MODEL_JSON}`));
  // The folder name is the slug unless model.json says otherwise; a team is needed, so one is given.
  const item = validateRecord(meta.record, `Folder ${folder}/`, { slug: folder.toLowerCase(), displayName: folder, team: "unassigned" });
  if (meta.error) item.errors.push(meta.error);
  const accepted = acceptFiles(item, folder, files);
  const requirements = accepted.find((f) => isRequirements(f.name))?.text ?? null;
  const localModules = accepted.map((f) => localModuleOf(f.name)).filter((m): m is string => m !== null);
  const readinessLines: string[] = [];
  for (const file of accepted) {
    const readiness = isPython(file.name) ? checkReadiness(file.name, file.text, { requirements, localModules }) : [];
    readinessLines.push(...readiness.map((w) => `${file.name}:${w.line} ${w.message}`));
    item.files.push({ name: file.name, stage: guessStage(file.name), bytes: file.bytes, sha256: createHash("sha256").update(file.bytes).digest("hex"), readiness } satisfies BulkFile);
  }
  if (!item.files.some((f) => CODE.test(f.name))) item.errors.push("No scripts (.py, .r, .sh, .sql) in this folder");
  if (requirements === null) item.warnings.push("No requirements.txt: the scripts get only the framework image's packages");
  if (item.files.some((f) => /(^|\/)dockerfile$/i.test(f.name))) item.warnings.push("Has a Dockerfile: build and push the image, then register it under Images and choose it on the model");
  item.warnings.push(...readinessLines.slice(0, SHOWN_READINESS));
  if (readinessLines.length > SHOWN_READINESS) item.warnings.push(`… and ${readinessLines.length - SHOWN_READINESS} more readiness warnings (on the model's script pages)`);
  return item;
}

/** A zip's files → one item per top-level folder (one legacy model each). */
export function zipItems(entries: ZipEntryFile[]): BulkItem[] {
  const files = unwrap(entries);
  if (files.length === 0) throw refusedFile("The zip is empty. Put one folder per model in it.");
  const loose = files.find((f) => !f.path.includes("/"));
  if (loose) throw refusedFile(`"${loose.path}" is at the top of the zip. Put each model's files in a folder named after the model.`);
  const folders = new Map<string, ZipEntryFile[]>();
  for (const file of files) {
    const folder = file.path.split("/")[0] ?? "";
    const list = folders.get(folder) ?? [];
    list.push(file);
    folders.set(folder, list);
  }
  const items = [...folders.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([folder, list]) => folderItem(folder, list));
  flagDuplicateSlugs(items);
  return items;
}

import { AppError } from "@/lib/commands/errors";
import { isPython, isRequirements, localModuleOf, SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import { checkReadiness } from "@/lib/catalog/scripts/readiness";
import { acceptFiles, type AcceptedFile } from "@/lib/catalog/uploads";
import { refusedFile } from "./errors";
import { flagDuplicateSlugs, validateRecord, type BulkFile, type BulkItem } from "./items";
import type { ZipEntryFile } from "./zip";

const MODEL_JSON = "model.json";
const CODE = /\.(py|sh|sql)$/i;
/** Readiness lines shown per folder in the preview; all of them are stored with the script version. */
const SHOWN_READINESS = 20;

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

/** Files of one folder, under the same rules as a single upload (names, kinds, sizes); problems become row errors. */
function folderFiles(item: BulkItem, folder: string, files: ZipEntryFile[]): AcceptedFile[] {
  const given = files.filter((f) => f.path !== `${folder}/${MODEL_JSON}`).map((f) => ({ name: f.path.slice(folder.length + 1), base64: Buffer.from(f.bytes).toString("base64") }));
  if (given.length > SCRIPT_LIMITS.maxFiles) {
    item.errors.push(`More than ${SCRIPT_LIMITS.maxFiles} files in one model`);
    return [];
  }
  try {
    return acceptFiles(given);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    item.errors.push(...(error.fieldErrors?.files ?? [error.userMessage]));
    return [];
  }
}

function folderItem(folder: string, files: ZipEntryFile[]): BulkItem {
  const meta = modelJson(files.find((f) => f.path === `${folder}/${MODEL_JSON}`));
  // The folder name is the slug unless model.json says otherwise; a team is needed, so one is given.
  const item = validateRecord(meta.record, `Folder ${folder}/`, { slug: folder.toLowerCase(), displayName: folder, team: "unassigned" });
  if (meta.error) item.errors.push(meta.error);
  const accepted = folderFiles(item, folder, files).map((f) => ({ ...f, text: text(f.bytes) }));
  for (const file of accepted) if (file.text === null && !/\.(pkl|joblib)$/i.test(file.name)) item.errors.push(`${file.name} is not UTF-8 text`);
  const requirements = accepted.find((f) => isRequirements(f.name))?.text ?? null;
  const localModules = accepted.map((f) => localModuleOf(f.name)).filter((m): m is string => m !== null);
  const readinessLines: string[] = [];
  for (const file of accepted) {
    const readiness = isPython(file.name) ? checkReadiness(file.name, file.text ?? "", { requirements, localModules }) : [];
    readinessLines.push(...readiness.map((w) => `${file.name}:${w.line} ${w.message}`));
    item.files.push({ name: file.name, bytes: file.bytes, sha256: file.sha256, readiness } satisfies BulkFile);
  }
  if (!item.files.some((f) => CODE.test(f.name))) item.errors.push("No scripts (.py, .sh, .sql) in this folder");
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

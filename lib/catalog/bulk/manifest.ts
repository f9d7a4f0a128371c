import { CsvError, parse } from "csv-parse/sync";
import { BULK_LIMITS, megabytes } from "./limits";
import { refusedFile } from "./errors";
import { GIT_COLUMN, parseGitCell } from "@/lib/catalog/git/manifest-column";
import { flagDuplicateSlugs, MODEL_COLUMNS, REQUIRED_COLUMNS, validateRecord, type BulkItem, type ModelColumn } from "./items";

/** The model's fields, and `git`: where its code comes from (lib/catalog/git/manifest-column.ts). */
type ManifestColumn = ModelColumn | typeof GIT_COLUMN;
const MANIFEST_COLUMNS: readonly ManifestColumn[] = [...MODEL_COLUMNS, GIT_COLUMN];

const decoder = new TextDecoder("utf-8", { fatal: true });

function decode(bytes: Uint8Array): string {
  if (bytes.byteLength > BULK_LIMITS.manifestBytes) throw refusedFile(`The manifest is larger than ${megabytes(BULK_LIMITS.manifestBytes)}. Split it into several files.`);
  // A NUL byte never appears in CSV or JSON text: this is a spreadsheet, an archive or an image.
  if (bytes.includes(0)) throw refusedFile("This file is not a CSV or JSON manifest (it looks binary). Export the sheet as CSV (UTF-8).");
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw refusedFile("The manifest is not UTF-8 text. Export it as CSV (UTF-8) or JSON.");
  }
}

function tooMany(count: number) {
  return refusedFile(`The manifest has ${count} rows; at most ${BULK_LIMITS.manifestRows} are accepted per import. Split it into several files.`);
}

/** Header names, matched without regard to case so "DisplayName" and "displayname" both mean displayName. */
function headerColumns(header: string[]): ManifestColumn[] {
  const byLower = new Map(MANIFEST_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const names = header.map((h) => h.trim());
  const unknown = names.filter((h) => !byLower.has(h.toLowerCase()));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((h) => `"${h.slice(0, 40)}"`).join(", ");
    throw refusedFile(`Unknown column${unknown.length > 1 ? "s" : ""} ${shown}. The columns are: ${MANIFEST_COLUMNS.join(", ")}.`);
  }
  const columns = names.map((h) => byLower.get(h.toLowerCase()) as ManifestColumn);
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) throw refusedFile(`The column ${repeated} appears twice in the header.`);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw refusedFile(`The manifest needs the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`);
  return columns;
}

function csvRecords(text: string): { line: number; record: Record<string, string> }[] {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, max_record_size: 64 * 1024, relax_column_count: false, info: false });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === "number" ? ` (line ${error.lines})` : "";
      const what = error.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" ? "A row has a different number of fields than the header" : error.code === "CSV_QUOTE_NOT_CLOSED" ? "A quoted field is never closed" : "The CSV cannot be read";
      throw refusedFile(`${what}${line}. Check the quoting: fields with commas must be in double quotes.`, error.message);
    }
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) throw refusedFile("The manifest is empty: it needs a header row and at least one model.");
  if (body.length > BULK_LIMITS.manifestRows) throw tooMany(body.length);
  const columns = headerColumns(header);
  // Line numbers as a spreadsheet shows them: the header is line 1 (blank lines are skipped, which is rare in exports).
  return body.map((cells, i) => ({ line: i + 2, record: Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ""])) }));
}

function jsonRecords(text: string): { line: number; record: Record<string, unknown> }[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw refusedFile("The manifest is not valid JSON. It must be a list of models, or { \"models\": [...] }.");
  }
  const list = Array.isArray(data) ? data : typeof data === "object" && data !== null && "models" in data ? data.models : null;
  if (!Array.isArray(list)) throw refusedFile('A JSON manifest must be a list of models, or { "models": [...] }.');
  if (list.length > BULK_LIMITS.manifestRows) throw tooMany(list.length);
  return list.map((entry: unknown, i) => ({
    line: i + 1,
    record: typeof entry === "object" && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : { "(not an object)": entry },
  }));
}

/** A CSV or JSON manifest → one item per row, each validated; file-level problems throw (nothing imported). */
export function readManifest(fileName: string, bytes: Uint8Array): BulkItem[] {
  const text = decode(bytes);
  if (text.trim() === "") throw refusedFile("The manifest is empty: it needs a header row and at least one model.");
  const json = /\.json$/i.test(fileName) || /^\s*[[{]/.test(text);
  const records = json ? jsonRecords(text) : csvRecords(text);
  if (records.length === 0) throw refusedFile("The manifest has a header but no models.");
  const items = records.map(({ line, record }) => withGitSource(record, json ? `Item ${line}` : `Row ${line}`));
  flagDuplicateSlugs(items);
  return items;
}

/** A record's model fields validated as usual; its `git` cell, when given, read into the item's Git source. */
function withGitSource(record: Record<string, unknown>, label: string): BulkItem {
  const { [GIT_COLUMN]: cell, ...fields } = record;
  const item = validateRecord(fields, label);
  if (cell === undefined || cell === null || (typeof cell === "string" && cell.trim() === "")) return item;
  const git = parseGitCell(cell);
  if ("error" in git) {
    item.errors.push(`git: ${git.error}`);
    item.fields = null;
  } else {
    item.git = git.source;
    item.warnings.push(`code from Git: ${git.source.url} at ${git.source.ref}${git.source.subfolder ? `, folder ${git.source.subfolder}` : ""} (fetched after the models are written)`);
  }
  return item;
}

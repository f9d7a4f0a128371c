import { parse } from "csv-parse/sync";

/** A tabular output: a header and rows of cells as text, whatever format it came in. */
export type Table = { columns: string[]; rows: string[][] };

export const PARITY_FORMATS = ["csv", "json"] as const;
export type ParityFormat = (typeof PARITY_FORMATS)[number];

export function formatOf(fileName: string): ParityFormat | null {
  const ext = fileName.toLowerCase().split(".").pop();
  return ext === "csv" || ext === "json" ? ext : null;
}

const cell = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** JSON outputs are tables too: an object is one row, an array of objects one row each (columns in order of appearance). */
function jsonTable(text: string): Table {
  const value: unknown = JSON.parse(text);
  const records = Array.isArray(value) ? value : [value];
  const columns: string[] = [];
  for (const record of records) {
    if (typeof record !== "object" || record === null || Array.isArray(record)) throw new Error("a JSON output must be an object or an array of objects");
    for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
  }
  return { columns, rows: records.map((r: Record<string, unknown>) => columns.map((c) => cell(r[c]))) };
}

/** Parses a CSV (first line = header) or JSON output into a table; throws with a readable message. */
export function parseTable(fileName: string, text: string): Table {
  const format = formatOf(fileName);
  if (format === "json") return jsonTable(text);
  if (format !== "csv") throw new Error(`${fileName}: only .csv and .json outputs can be compared`);
  const records: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true });
  const [header, ...rows] = records;
  if (!header) return { columns: [], rows: [] };
  return { columns: header.map((h) => h.trim()), rows };
}

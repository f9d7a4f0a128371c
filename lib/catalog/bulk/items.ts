import type { z } from "zod";
import { ModelFields } from "@/lib/catalog/models/upsert";
import type { ReadinessWarning } from "@/lib/catalog/scripts/readiness";
import type { GitSource } from "@/lib/catalog/git/source";

/** The manifest columns, which are also the keys of a JSON manifest and of a zip folder's model.json. */
export const MODEL_COLUMNS = Object.keys(ModelFields.shape) as (keyof typeof ModelFields.shape)[];
export type ModelColumn = (typeof MODEL_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ModelColumn[] = ["slug", "displayName", "team"];

/** A file of a zip folder, read and checked, ready to upload. */
export type BulkFile = { name: string; bytes: Uint8Array; sha256: string; readiness: ReadinessWarning[] };

/** One manifest row or zip folder: what it asks for, and what is wrong with it. */
export type BulkItem = {
  /** Where it came from, as the preview names it: "Row 3", "Folder churn/". */
  label: string;
  /** The slug as given (shown even when the row is invalid). */
  slug: string | null;
  fields: ModelFields | null;
  /** The given values as they came (before defaults and transforms), which is what the import command takes. */
  given: Record<string, unknown>;
  /** The fields the source gave; the others keep their current value on update (defaults on create). */
  columns: ModelColumn[];
  files: BulkFile[];
  /** A manifest's `git` cell: the code is imported from there once the models are written. */
  git?: GitSource;
  errors: string[];
  warnings: string[];
};

type ModelFields = z.output<typeof ModelFields>;

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/**
 * Validates one record (a CSV row, a JSON object, a model.json) with the catalog's own model schema. A blank
 * value means "not given": a CSV cannot tell an empty cell from a missing one, so JSON follows the same rule.
 */
export function validateRecord(record: Record<string, unknown>, label: string, defaults: Record<string, string> = {}): BulkItem {
  const errors: string[] = [];
  const given: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(record)) {
    if (!(MODEL_COLUMNS as string[]).includes(key)) errors.push(`Unknown field "${key.slice(0, 40)}"`);
    else if (!isBlank(value)) given[key] = value;
  }
  const columns = MODEL_COLUMNS.filter((column) => column in given);
  const parsed = ModelFields.safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(`${issue.path.join(".") || "row"}: ${issue.message}`);
  }
  const rawSlug = typeof given.slug === "string" ? given.slug.trim().toLowerCase().slice(0, 80) : null;
  return { label, slug: parsed.success ? parsed.data.slug : rawSlug, fields: parsed.success && errors.length === 0 ? parsed.data : null, given, columns, files: [], errors, warnings: [] };
}

/** A slug twice in one upload is ambiguous (which row wins?), so every later occurrence is an error. */
export function flagDuplicateSlugs(items: BulkItem[]): void {
  const first = new Map<string, string>();
  for (const item of items) {
    const slug = item.fields?.slug;
    if (!slug) continue;
    const earlier = first.get(slug);
    if (earlier) {
      item.errors.push(`slug: ${slug} is also used by ${earlier.toLowerCase()}`);
      item.fields = null;
    } else first.set(slug, item.label);
  }
}

import { z } from "zod";
import { ModelFields } from "@/lib/catalog/models/upsert";
import { sanitizeFileName, SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import { CodeFile } from "@/lib/catalog/scripts/code-versions";
import { ReadinessWarnings } from "@/lib/catalog/scripts/readiness";
import { nameField } from "@/lib/validation/fields";
import { BULK_LIMITS } from "./limits";
import { MODEL_COLUMNS } from "./items";

/**
 * A file of a model's new code, already staged by content (see ./run.ts); the import records it as part of the
 * model's next code version, as a single upload would (lib/catalog/scripts/code-versions.ts).
 */
export const BulkFileRef = CodeFile.extend({
  name: z.string().max(SCRIPT_LIMITS.maxNameLength).refine((n) => {
    const safe = sanitizeFileName(n);
    return safe.ok && safe.name === n;
  }, "File names must be relative and use letters, digits, _ . - only"),
  sizeBytes: z.number().int().min(0).max(SCRIPT_LIMITS.maxFileBytes),
  readiness: ReadinessWarnings.max(500).default([]),
});
export type BulkFileRef = z.output<typeof BulkFileRef>;

export const BulkModel = z.object({
  fields: ModelFields,
  /** Which fields the source gave; the rest keep their current value when the model exists. */
  columns: z.array(z.enum(MODEL_COLUMNS)).max(MODEL_COLUMNS.length).default([...MODEL_COLUMNS]),
  files: z.array(BulkFileRef).max(SCRIPT_LIMITS.maxFiles).default([]),
});
export type BulkModel = z.output<typeof BulkModel>;

export const BulkImportInput = z.object({
  /** A queued import being carried out (./job.ts): its summary is stored with it in the same transaction. */
  importId: z.uuid().optional(),
  /** The uploaded file's name, for the audit trail. */
  source: nameField("Source", 200),
  models: z
    .array(BulkModel, { error: "Models must be a list" })
    .min(1, "There are no models to import")
    .max(BULK_LIMITS.manifestRows, `At most ${BULK_LIMITS.manifestRows} models per import`)
    .superRefine((models, ctx) => {
      const seen = new Set<string>();
      models.forEach((model, i) => {
        if (seen.has(model.fields.slug)) ctx.addIssue({ code: "custom", path: [i, "fields", "slug"], message: `${model.fields.slug} appears twice` });
        seen.add(model.fields.slug);
      });
    }),
});

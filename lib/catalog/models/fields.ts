import { z } from "zod";
import { PROCESSING_INSTANCE_TYPES } from "@/lib/aws/instance-types";
import { descriptionField, emailField, nameField } from "@/lib/validation/fields";

/** The migration's stages, in order; later issues drive approved → live. */
export const MODEL_STATUSES = ["INVENTORIED", "CONTAINERISED", "READY", "APPROVED", "LIVE"] as const;
export const ModelStatusField = z.enum(MODEL_STATUSES, { error: `Status must be one of ${MODEL_STATUSES.join(", ")}` });
export type ModelStatusValue = z.infer<typeof ModelStatusField>;

/** The steps a data scientist sets by hand; approved and live follow from deployments (approval, release). */
export const MANUAL_STATUSES = ["INVENTORIED", "CONTAINERISED", "READY"] as const satisfies readonly ModelStatusValue[];

/**
 * Why a person may not set `status` on a model whose status is `before` (null: a new model), or null when they
 * may. Approved and live follow from deployments only; keeping a model's current status is always allowed.
 */
export function statusClaimProblem(status: string | undefined, before: string | null): string | null {
  if (status === undefined || status === before || (MANUAL_STATUSES as readonly string[]).includes(status)) return null;
  return "Approved and live come from an approved deployment; set inventoried, containerised or ready.";
}

export const STATUS_LABELS: Record<ModelStatusValue, string> = {
  INVENTORIED: "Inventoried",
  CONTAINERISED: "Containerised",
  READY: "Ready",
  APPROVED: "Approved",
  LIVE: "Live",
};

// The slug becomes an S3 prefix (ferry/code/<slug>/) and part of job names, so it stays within what both accept.
export const slugField = z
  .string({ error: "Slug must be text" })
  .trim()
  .toLowerCase()
  .min(2, "Slug must be at least 2 characters")
  .max(63, "Slug must be at most 63 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Slug may use lower-case letters, digits and inner hyphens only");

export const teamField = z
  .string({ error: "Team must be text" })
  .trim()
  .min(1, "Team is required")
  .max(60, "Team must be at most 60 characters")
  .regex(/^[\w .&-]+$/, "Team may use letters, digits, spaces and . & - _");

export const tagField = z
  .string({ error: "A tag must be text" })
  .trim()
  .toLowerCase()
  .min(1, "A tag cannot be empty")
  .max(40, "A tag must be at most 40 characters")
  .regex(/^[a-z0-9][a-z0-9_.:-]*$/, "Tags may use letters, digits and _ . : -");

/** Tags as a list or a comma-separated string (forms and CSV manifests), deduplicated. */
export const tagsField = z
  .union([z.array(z.string()), z.string()], { error: "Tags must be a list" })
  .transform((v) => (typeof v === "string" ? v.split(",").map((t) => t.trim()).filter(Boolean) : v))
  .pipe(z.array(tagField).max(20, "At most 20 tags"))
  .transform((tags) => [...new Set(tags)]);

/** s3://bucket/prefix — the data a model reads or writes. Empty means "not set yet". */
export const dataUriField = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(1024, `${label} must be at most 1024 characters`)
    .refine((v) => v === "" || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s<>]*)?$/.test(v), `${label} must be an s3://bucket/prefix URI`)
    .transform((v) => (v === "" ? null : v));

export const instanceTypeField = z.enum(PROCESSING_INSTANCE_TYPES, { error: "Choose an ml.* processing instance type" });

/** SageMaker Processing: VolumeSizeInGB 1–16384, MaxRuntimeInSeconds 1–432000 (5 days). */
export const volumeSizeField = z.coerce.number({ error: "Volume size must be a number" }).int("Volume size must be whole GB").min(1, "Volume size must be at least 1 GB").max(16384, "Volume size must be at most 16384 GB");
export const maxRuntimeField = z.coerce.number({ error: "Max runtime must be a number" }).int("Max runtime must be whole seconds").min(1, "Max runtime must be at least 1 second").max(432000, "Max runtime must be at most 432000 seconds (5 days)");

export { descriptionField, emailField, nameField };

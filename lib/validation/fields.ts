import { z } from "zod";

/**
 * Field rules shared by every form and API. Markup characters are refused in names and labels: React would
 * escape them, but they end up in CSV exports, AWS tags and logs where nothing escapes them.
 */
const NO_MARKUP = /^[^<>]*$/;

export const nameField = (label: string, max = 120) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)
    .regex(NO_MARKUP, `${label} cannot contain < or >`);

export const descriptionField = (max = 4000) =>
  z.string({ error: "Description must be text" }).trim().max(max, `Description must be at most ${max} characters`);

export const emailField = z
  .string({ error: "Email must be text" })
  .trim()
  .toLowerCase()
  .max(254, "Email must be at most 254 characters")
  .pipe(z.email("Enter a valid email address"));

export const passwordField = z
  .string({ error: "Password must be text" })
  .min(10, "Password must be at least 10 characters")
  .max(128, "Password must be at most 128 characters");

export const idField = (label = "id") => z.uuid(`${label} must be a valid id`);

/** The most text a file sent inside a JSON body may hold (parity evidence: a golden sample, not a data set). */
export const MAX_TEXT_FILE_CHARS = 2_000_000;

/** A text file sent inside a JSON body: a plain file name (it becomes part of an S3 key) and its text. */
export const textFileField = (label: string) =>
  z.object({
    fileName: z
      .string({ error: `${label} needs a file name` })
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, `${label}: the file name may use letters, digits, . _ and - (at most 100)`),
    content: z.string({ error: `${label} must be text` }).min(1, `${label} is empty`).max(MAX_TEXT_FILE_CHARS, `${label} is larger than 2 MB: use a smaller golden sample`),
  });

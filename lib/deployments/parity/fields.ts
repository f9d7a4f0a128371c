import { z } from "zod";
import { idField } from "@/lib/validation/fields";
import { formatOf } from "./tables";

export const MAX_PARITY_FILE_CHARS = 2_000_000;

const parityFile = (label: string, formats: string) =>
  z.object({
    fileName: z
      .string({ error: `${label} needs a file name` })
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, `${label}: the file name may use letters, digits, . _ and - (at most 100)`),
    content: z.string({ error: `${label} must be text` }).min(1, `${label} is empty`).max(MAX_PARITY_FILE_CHARS, `${label} is larger than 2 MB: use a smaller golden sample`),
  }).refine((f) => formats === "any" || formatOf(f.fileName) !== null, { message: `${label} must be a .csv or .json file`, path: ["fileName"] });

/** Parity evidence: the golden input the legacy script read on the desktop, the output it wrote, and the tolerance for numbers. */
export const ParityInput = z.object({
  deploymentId: idField("Deployment"),
  goldenInput: parityFile("Golden input", "any"),
  legacyOutput: parityFile("Legacy output", "table"),
  tolerance: z.coerce.number({ error: "Tolerance must be a number" }).min(0, "Tolerance cannot be negative").max(1_000_000, "Tolerance is at most 1e6").default(1e-6),
});
export type ParityInput = z.output<typeof ParityInput>;

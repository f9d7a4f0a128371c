import { z } from "zod";
import { idField, textFileField } from "@/lib/validation/fields";
import { formatOf } from "./tables";

const parityFile = (label: string, formats: "any" | "table") =>
  textFileField(label).refine((f) => formats === "any" || formatOf(f.fileName) !== null, { message: `${label} must be a .csv or .json file`, path: ["fileName"] });

/** Parity evidence: the golden input the legacy script read on the desktop, the output it wrote, and the tolerance for numbers. */
export const ParityInput = z.object({
  deploymentId: idField("Deployment"),
  goldenInput: parityFile("Golden input", "any"),
  legacyOutput: parityFile("Legacy output", "table"),
  tolerance: z.coerce.number({ error: "Tolerance must be a number" }).min(0, "Tolerance cannot be negative").max(1_000_000, "Tolerance is at most 1e6").default(1e-6),
});
export type ParityInput = z.output<typeof ParityInput>;

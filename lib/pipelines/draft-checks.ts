import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";
import { definitionOf, type PipelineDraft } from "./draft";
import { aslProblems, type AslProblem } from "./validate";

/** The version's identity: the same content always hashes the same, whatever the key order. */
export function contentHash(draft: PipelineDraft): string {
  return createHash("sha256").update(stringify(draft) ?? "").digest("hex");
}

export function checkDraft(draft: PipelineDraft, name: string): AslProblem[] {
  return aslProblems(definitionOf(draft, name));
}

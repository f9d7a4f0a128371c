import { createHash } from "node:crypto";
import { z } from "zod";
import stringify from "safe-stable-stringify";
import { toStateMachineDefinition, type StateMachineDefinition } from "./asl";
import { PipelineSpec } from "./spec";
import { aslProblems, type AslProblem } from "./validate";

/**
 * What a pipeline holds: an editable spec of processing steps, or — for an imported definition Ferry cannot
 * map onto steps — the raw definition, kept as is, still validated and deployable.
 */
export const PipelineDraft = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("spec"), spec: PipelineSpec }),
  z.object({ kind: z.literal("raw"), definition: z.record(z.string(), z.unknown()) }),
]);
export type PipelineDraft = z.infer<typeof PipelineDraft>;

/** State machine names: 1–80 of letters, digits, - and _ (Ferry's subset of what AWS allows). */
export const pipelineNameField = z
  .string({ error: "Name must be text" })
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, "Name must be 1–80 letters, digits, - or _ (it becomes the state machine's name)");

export function definitionOf(draft: PipelineDraft, name: string): StateMachineDefinition | Record<string, unknown> {
  return draft.kind === "spec" ? toStateMachineDefinition(draft.spec, name) : draft.definition;
}

/** The version's identity: the same content always hashes the same, whatever the key order. */
export function contentHash(draft: PipelineDraft): string {
  return createHash("sha256").update(stringify(draft) ?? "").digest("hex");
}

export function checkDraft(draft: PipelineDraft, name: string): AslProblem[] {
  return aslProblems(definitionOf(draft, name));
}

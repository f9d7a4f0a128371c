import { z } from "zod";
import { toStateMachineDefinition, type StateMachineDefinition } from "./asl";
import { PipelineSpec } from "./spec";

// Browser-safe (the editor imports it); hashing and asl-validator live in draft-checks.ts.

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

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

export { pipelineNameField } from "./names";

export function definitionOf(draft: PipelineDraft, name: string): StateMachineDefinition | Record<string, unknown> {
  return draft.kind === "spec" ? toStateMachineDefinition(draft.spec, name) : draft.definition;
}

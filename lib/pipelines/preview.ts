import { z } from "zod";
import { defineQuery } from "@/lib/commands/query";
import { definitionOf, PipelineDraft } from "./draft";
import { executionInputJsonSchema } from "./input";
import { aslProblems, type AslProblem } from "./validate";

export type DraftPreview = {
  /** Problems with the draft's shape or Ferry's rules, by field path ("steps.1.key"). */
  issues: { path: string; message: string }[];
  /** asl-validator's problems with the generated definition (only when the draft itself is valid). */
  aslProblems: AslProblem[];
  definition: object | null;
  inputSchema: object | null;
};

/** What the editor shows beside the draft: Ferry's and asl-validator's verdicts and the generated artifacts. */
export const previewDraft = defineQuery({
  permission: "catalog:read",
  input: z.object({ name: z.string().max(80), draft: z.unknown() }),
  run: async ({ input }): Promise<DraftPreview> => {
    const parsed = PipelineDraft.safeParse(input.draft);
    if (!parsed.success) {
      return { issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })), aslProblems: [], definition: null, inputSchema: null };
    }
    const definition = definitionOf(parsed.data, input.name || "pipeline");
    return {
      issues: [],
      aslProblems: aslProblems(definition),
      definition,
      inputSchema: parsed.data.kind === "spec" ? executionInputJsonSchema(parsed.data.spec) : null,
    };
  },
});

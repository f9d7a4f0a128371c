import { z } from "zod";
import { defineQuery } from "@/lib/commands/query";
import { PipelineDraft, pipelineNameField } from "./draft";
import { checkDraft } from "./draft-checks";

/** asl-validator runs in Node only, so the editor asks the server for its verdict on the draft being edited. */
export const checkDraftQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ name: pipelineNameField, draft: PipelineDraft }),
  run: async ({ input }) => checkDraft(input.draft, input.name),
});

"use server";

import { z } from "zod";
import { serverAction, serverOperation, serverQuery } from "@/lib/commands/server-action";
import { defineQuery } from "@/lib/commands/query";
import { createPipeline, importPipeline, publishPipelineVersion, savePipelineDraft } from "@/lib/pipelines/commands";
import { checkDraft, PipelineDraft, pipelineNameField } from "@/lib/pipelines/draft";
import { releasePipelineVersion } from "@/lib/pipelines/release";

export const createPipelineAction = serverAction(createPipeline);
export const importPipelineAction = serverAction(importPipeline);
export const savePipelineDraftAction = serverAction(savePipelineDraft);
export const publishPipelineVersionAction = serverAction(publishPipelineVersion);
export const releasePipelineVersionAction = serverOperation(releasePipelineVersion);

/** asl-validator runs in Node only, so the editor asks the server for its verdict on the draft being edited. */
const checkDraftQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ name: pipelineNameField, draft: PipelineDraft }),
  run: async ({ input }) => checkDraft(input.draft, input.name),
});
export const checkDraftAction = serverQuery(checkDraftQuery);

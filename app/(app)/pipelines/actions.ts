"use server";

import { serverAction, serverOperation, serverQuery } from "@/lib/http/server-action";
import { createPipeline, importPipeline, publishPipelineVersion, savePipelineDraft } from "@/lib/pipelines/commands";
import { checkDraftQuery } from "@/lib/pipelines/preview";
import { releasePipelineVersion } from "@/lib/deployments/release";

export const createPipelineAction = serverAction(createPipeline);
export const importPipelineAction = serverAction(importPipeline);
export const savePipelineDraftAction = serverAction(savePipelineDraft);
export const publishPipelineVersionAction = serverAction(publishPipelineVersion);
export const releasePipelineVersionAction = serverOperation(releasePipelineVersion);

export const checkDraftAction = serverQuery(checkDraftQuery);

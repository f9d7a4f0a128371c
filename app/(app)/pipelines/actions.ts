"use server";

import { serverAction, serverOperation, serverQuery } from "@/lib/http/server-action";
import { createPipeline, importPipeline, publishPipelineVersion, savePipelineDraft } from "@/lib/pipelines/commands";
import { checkDraftQuery } from "@/lib/pipelines/preview";
import { queueRelease } from "@/lib/deployments/release";

export const createPipelineAction = serverAction(createPipeline);
export const importPipelineAction = serverAction(importPipeline);
export const savePipelineDraftAction = serverAction(savePipelineDraft);
export const publishPipelineVersionAction = serverAction(publishPipelineVersion);
/** Queues the release and answers at once; the version's deployments show DEPLOYING until a worker has published it. */
export const releasePipelineVersionAction = serverOperation(queueRelease);

export const checkDraftAction = serverQuery(checkDraftQuery);

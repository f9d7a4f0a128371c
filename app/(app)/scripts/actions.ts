"use server";

import { serverAction, serverOperation } from "@/lib/http/server-action";
import { setScriptStage } from "@/lib/catalog/scripts/code-versions";
import { removeScriptFiles } from "@/lib/catalog/scripts/upload";

// Uploads stream to POST /api/catalog/models/[id]/scripts: files are too large for a server action's body.
export const setScriptStageAction = serverAction(setScriptStage);
export const removeScriptFilesAction = serverOperation(removeScriptFiles);

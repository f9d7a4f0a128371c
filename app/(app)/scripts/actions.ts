"use server";

import { serverAction, serverOperation } from "@/lib/commands/server-action";
import { setScriptStage } from "@/lib/catalog/scripts/code-versions";
import { removeScriptFiles, uploadScripts } from "@/lib/catalog/scripts/upload";

export const uploadScriptsAction = serverOperation(uploadScripts);
export const setScriptStageAction = serverAction(setScriptStage);
export const removeScriptFilesAction = serverOperation(removeScriptFiles);

"use server";

import { serverOperation } from "@/lib/http/server-action";
import { bulkOnFiltered, redrive, rerun, startRun, startRuns, startRunsForModels, stop } from "@/lib/runs/operations";

export const startRunAction = serverOperation(startRun);
export const startRunsAction = serverOperation(startRuns);
/** For the models list: start the selected (or filtered) models' live deployments. */
export const startRunsForModelsAction = serverOperation(startRunsForModels);
export const stopRunAction = serverOperation(stop);
export const rerunAction = serverOperation(rerun);
export const redriveAction = serverOperation(redrive);
export const bulkRunAction = serverOperation(bulkOnFiltered);

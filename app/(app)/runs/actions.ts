"use server";

import { serverOperation, serverQuery } from "@/lib/commands/server-action";
import { startInputQuery } from "@/lib/runs/read-queries";
import { bulkOnFiltered, redrive, rerun, startRun, startRuns, startRunsForModels, stop } from "@/lib/runs/operations";

export const startRunAction = serverOperation(startRun);
export const startRunsAction = serverOperation(startRuns);
/** For the models list: start the selected (or filtered) models' live deployments. */
export const startRunsForModelsAction = serverOperation(startRunsForModels);
export const stopRunAction = serverOperation(stop);
export const rerunAction = serverOperation(rerun);
export const redriveAction = serverOperation(redrive);
export const bulkRunAction = serverOperation(bulkOnFiltered);
/** For the "run with changes" dialog: the input to start from and the approved one. */
export const startInputAction = serverQuery(startInputQuery);

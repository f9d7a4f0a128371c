"use server";

import { serverOperation, serverQuery } from "@/lib/http/server-action";
import { startInputQuery } from "@/lib/runs/detail";
import { bulkStartProgress, startRuns } from "@/lib/runs/bulk-start";
import { bulkOnFiltered, bulkRunActionProgress } from "@/lib/runs/bulk-action";
import { redrive, rerun, startRun, startRunsForModels, stop } from "@/lib/runs/operations";

export const startRunAction = serverOperation(startRun);
/** Queues a bulk start and answers at once; the page follows it with bulkStartProgressAction. */
export const startRunsAction = serverOperation(startRuns);
export const bulkStartProgressAction = serverOperation(bulkStartProgress);
/** For the models list: start the selected (or filtered) models' live deployments. */
export const startRunsForModelsAction = serverOperation(startRunsForModels);
export const stopRunAction = serverOperation(stop);
export const rerunAction = serverOperation(rerun);
export const redriveAction = serverOperation(redrive);
/** Queues a bulk stop, re-run or redrive of the filtered runs; the page follows it with bulkRunActionProgressAction. */
export const bulkRunAction = serverOperation(bulkOnFiltered);
export const bulkRunActionProgressAction = serverOperation(bulkRunActionProgress);
/** For the "run with changes" dialog: the input to start from and the approved one. */
export const startInputAction = serverQuery(startInputQuery);

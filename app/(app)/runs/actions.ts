"use server";

import { serverOperation } from "@/lib/commands/server-action";
import { bulkOnFiltered, redrive, rerun, startRun, startRuns, stop } from "@/lib/runs/operations";

export const startRunAction = serverOperation(startRun);
export const startRunsAction = serverOperation(startRuns);
export const stopRunAction = serverOperation(stop);
export const rerunAction = serverOperation(rerun);
export const redriveAction = serverOperation(redrive);
export const bulkRunAction = serverOperation(bulkOnFiltered);

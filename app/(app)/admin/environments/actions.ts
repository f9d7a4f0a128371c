"use server";

import { serverAction, serverOperation, serverQuery } from "@/lib/http/server-action";
import { saveEnvironment } from "@/lib/environments/commands";
import { checkEnvironmentQuery, checkRunEventsQuery } from "@/lib/environments/queries";
import { setUpRunEvents } from "@/lib/environments/run-events-commands";

export const saveEnvironmentAction = serverAction(saveEnvironment);
export const checkEnvironmentAction = serverQuery(checkEnvironmentQuery);
export const setUpRunEventsAction = serverOperation(setUpRunEvents);
export const checkRunEventsAction = serverQuery(checkRunEventsQuery);

"use server";

import { serverAction, serverQuery } from "@/lib/http/server-action";
import { saveEnvironment } from "@/lib/environments/commands";
import { checkEnvironmentQuery } from "@/lib/environments/queries";

export const saveEnvironmentAction = serverAction(saveEnvironment);
export const checkEnvironmentAction = serverQuery(checkEnvironmentQuery);

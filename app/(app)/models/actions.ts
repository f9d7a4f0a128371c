"use server";

import { serverAction } from "@/lib/commands/server-action";
import { saveModel } from "@/lib/catalog/models/upsert";

export const saveModelAction = serverAction(saveModel);

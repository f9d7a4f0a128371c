"use server";

import { serverAction } from "@/lib/http/server-action";
import { saveModel } from "@/lib/catalog/models/upsert";
import { transferModel } from "@/lib/catalog/models/ownership";

export const saveModelAction = serverAction(saveModel);
export const transferModelAction = serverAction(transferModel);

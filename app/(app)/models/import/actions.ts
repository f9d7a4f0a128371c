"use server";

import { serverOperation, serverQuery } from "@/lib/commands/server-action";
import { importBulk, previewBulk } from "@/lib/catalog/bulk/run";
import { bulkProgressQuery } from "@/lib/catalog/bulk/queries";

// The file travels as multipart form data; both operations check the caller and read it from scratch.
export const previewBulkAction = serverOperation(previewBulk);
export const importBulkAction = serverOperation(importBulk);
export const bulkProgressAction = serverQuery(bulkProgressQuery);

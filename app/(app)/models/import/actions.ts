"use server";

import { serverQuery } from "@/lib/http/server-action";
import { bulkProgressQuery } from "@/lib/catalog/bulk/queries";

// The file itself streams to POST /api/catalog/bulk/{preview,import}; only the progress poll is an action.
export const bulkProgressAction = serverQuery(bulkProgressQuery);

import { apiRoute } from "@/lib/api/route";
import { previewBulkLift } from "@/lib/api/endpoints/bulk-lifts";

export const POST = apiRoute(previewBulkLift);

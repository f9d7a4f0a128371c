import { apiRoute } from "@/lib/http/route-handler";
import { previewBulkLift } from "@/lib/api/endpoints/bulk-lifts";

export const POST = apiRoute(previewBulkLift);

import { apiRoute } from "@/lib/http/route-handler";
import { commitBulkLift } from "@/lib/api/endpoints/bulk-lifts";

export const POST = apiRoute(commitBulkLift);

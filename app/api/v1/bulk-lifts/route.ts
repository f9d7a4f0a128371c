import { apiRoute } from "@/lib/api/route";
import { commitBulkLift } from "@/lib/api/endpoints/bulk-lifts";

export const POST = apiRoute(commitBulkLift);

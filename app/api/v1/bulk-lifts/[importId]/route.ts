import { apiRoute } from "@/lib/http/route-handler";
import { getBulkLiftProgress } from "@/lib/api/endpoints/bulk-lifts";

export const GET = apiRoute(getBulkLiftProgress);

import { apiRoute } from "@/lib/api/route";
import { getBulkLiftProgress } from "@/lib/api/endpoints/bulk-lifts";

export const GET = apiRoute(getBulkLiftProgress);

import { apiRoute } from "@/lib/http/route-handler";
import { getBulkStart } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(getBulkStart);

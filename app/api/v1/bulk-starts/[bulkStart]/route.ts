import { apiRoute } from "@/lib/api/route";
import { getBulkStart } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(getBulkStart);

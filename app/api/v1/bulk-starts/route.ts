import { apiRoute } from "@/lib/api/route";
import { startBulkEndpoint } from "@/lib/api/endpoints/runs";

export const POST = apiRoute(startBulkEndpoint);

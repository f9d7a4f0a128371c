import { apiRoute } from "@/lib/http/route-handler";
import { startBulkEndpoint } from "@/lib/api/endpoints/runs";

export const POST = apiRoute(startBulkEndpoint);

import { apiRoute } from "@/lib/http/route-handler";
import { getRunEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(getRunEndpoint);

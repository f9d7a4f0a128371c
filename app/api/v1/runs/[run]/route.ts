import { apiRoute } from "@/lib/api/route";
import { getRunEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(getRunEndpoint);

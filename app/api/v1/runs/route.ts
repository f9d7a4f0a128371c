import { apiRoute } from "@/lib/http/route-handler";
import { listRunsEndpoint, startRunEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(listRunsEndpoint);
export const POST = apiRoute(startRunEndpoint);

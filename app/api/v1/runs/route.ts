import { apiRoute } from "@/lib/api/route";
import { listRunsEndpoint, startRunEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(listRunsEndpoint);
export const POST = apiRoute(startRunEndpoint);

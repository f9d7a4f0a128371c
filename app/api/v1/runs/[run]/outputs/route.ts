import { apiRoute } from "@/lib/api/route";
import { listOutputsEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(listOutputsEndpoint);

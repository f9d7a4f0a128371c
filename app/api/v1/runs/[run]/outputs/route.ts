import { apiRoute } from "@/lib/http/route-handler";
import { listOutputsEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(listOutputsEndpoint);

import { apiRoute } from "@/lib/http/route-handler";
import { getOutputEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(getOutputEndpoint);

import { apiRoute } from "@/lib/api/route";
import { getOutputEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(getOutputEndpoint);

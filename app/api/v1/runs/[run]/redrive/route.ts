import { apiRoute } from "@/lib/http/route-handler";
import { redriveRunEndpoint } from "@/lib/api/endpoints/runs";

export const POST = apiRoute(redriveRunEndpoint);

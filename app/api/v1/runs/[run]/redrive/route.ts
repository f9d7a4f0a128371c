import { apiRoute } from "@/lib/api/route";
import { redriveRunEndpoint } from "@/lib/api/endpoints/runs";

export const POST = apiRoute(redriveRunEndpoint);

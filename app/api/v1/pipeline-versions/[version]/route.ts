import { apiRoute } from "@/lib/http/route-handler";
import { getVersion } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(getVersion);

import { apiRoute } from "@/lib/api/route";
import { getVersion } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(getVersion);

import { apiRoute } from "@/lib/http/route-handler";
import { exportVersion } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(exportVersion);

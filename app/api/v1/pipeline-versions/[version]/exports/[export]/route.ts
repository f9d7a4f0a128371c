import { apiRoute } from "@/lib/api/route";
import { exportVersion } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(exportVersion);

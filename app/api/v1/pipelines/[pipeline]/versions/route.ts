import { apiRoute } from "@/lib/api/route";
import { publishVersion } from "@/lib/api/endpoints/pipelines";

export const POST = apiRoute(publishVersion);

import { apiRoute } from "@/lib/http/route-handler";
import { publishVersion } from "@/lib/api/endpoints/pipelines";

export const POST = apiRoute(publishVersion);

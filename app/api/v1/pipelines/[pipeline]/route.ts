import { apiRoute } from "@/lib/http/route-handler";
import { getPipeline } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(getPipeline);

import { apiRoute } from "@/lib/api/route";
import { getPipeline } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(getPipeline);

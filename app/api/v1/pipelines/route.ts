import { apiRoute } from "@/lib/http/route-handler";
import { createPipelineEndpoint, listPipelinesEndpoint } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(listPipelinesEndpoint);
export const POST = apiRoute(createPipelineEndpoint);

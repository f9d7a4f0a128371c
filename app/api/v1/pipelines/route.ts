import { apiRoute } from "@/lib/api/route";
import { createPipelineEndpoint, listPipelinesEndpoint } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(listPipelinesEndpoint);
export const POST = apiRoute(createPipelineEndpoint);

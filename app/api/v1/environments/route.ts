import { apiRoute } from "@/lib/api/route";
import { listEnvironmentsEndpoint } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(listEnvironmentsEndpoint);

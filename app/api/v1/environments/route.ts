import { apiRoute } from "@/lib/http/route-handler";
import { listEnvironmentsEndpoint } from "@/lib/api/endpoints/pipelines";

export const GET = apiRoute(listEnvironmentsEndpoint);

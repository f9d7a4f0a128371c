import { apiRoute } from "@/lib/http/route-handler";
import { listStepsEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(listStepsEndpoint);

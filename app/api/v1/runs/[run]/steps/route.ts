import { apiRoute } from "@/lib/api/route";
import { listStepsEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(listStepsEndpoint);

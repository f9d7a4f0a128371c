import { apiRoute } from "@/lib/http/route-handler";
import { getDeployment } from "@/lib/api/endpoints/deployments";

export const GET = apiRoute(getDeployment);

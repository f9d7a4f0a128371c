import { apiRoute } from "@/lib/api/route";
import { getDeployment } from "@/lib/api/endpoints/deployments";

export const GET = apiRoute(getDeployment);

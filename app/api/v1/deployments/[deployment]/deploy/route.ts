import { apiRoute } from "@/lib/http/route-handler";
import { deployDeploymentEndpoint } from "@/lib/api/endpoints/deployments";

export const POST = apiRoute(deployDeploymentEndpoint);

import { apiRoute } from "@/lib/http/route-handler";
import { listDeploymentsEndpoint, requestDeploymentEndpoint } from "@/lib/api/endpoints/deployments";

export const GET = apiRoute(listDeploymentsEndpoint);
export const POST = apiRoute(requestDeploymentEndpoint);

import { apiRoute } from "@/lib/api/route";
import { listDeploymentsEndpoint, requestDeploymentEndpoint } from "@/lib/api/endpoints/deployments";

export const GET = apiRoute(listDeploymentsEndpoint);
export const POST = apiRoute(requestDeploymentEndpoint);

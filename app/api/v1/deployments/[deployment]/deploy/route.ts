import { apiRoute } from "@/lib/api/route";
import { deployDeploymentEndpoint } from "@/lib/api/endpoints/deployments";

export const POST = apiRoute(deployDeploymentEndpoint);

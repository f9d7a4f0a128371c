import { apiRoute } from "@/lib/api/route";
import { approveDeploymentEndpoint } from "@/lib/api/endpoints/deployments";

export const POST = apiRoute(approveDeploymentEndpoint);

import { apiRoute } from "@/lib/http/route-handler";
import { approveDeploymentEndpoint } from "@/lib/api/endpoints/deployments";

export const POST = apiRoute(approveDeploymentEndpoint);

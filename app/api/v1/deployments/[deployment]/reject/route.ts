import { apiRoute } from "@/lib/http/route-handler";
import { rejectDeploymentEndpoint } from "@/lib/api/endpoints/deployments";

export const POST = apiRoute(rejectDeploymentEndpoint);

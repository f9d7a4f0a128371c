import { apiRoute } from "@/lib/api/route";
import { rejectDeploymentEndpoint } from "@/lib/api/endpoints/deployments";

export const POST = apiRoute(rejectDeploymentEndpoint);

import { apiRoute } from "@/lib/http/route-handler";
import { stepLogsEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(stepLogsEndpoint);

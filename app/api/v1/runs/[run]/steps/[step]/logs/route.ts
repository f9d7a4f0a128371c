import { apiRoute } from "@/lib/api/route";
import { stepLogsEndpoint } from "@/lib/api/endpoints/runs";

export const GET = apiRoute(stepLogsEndpoint);

import { queryRoute } from "@/lib/http/route-handler";
import { stepLogQuery } from "@/lib/runs/read-queries";

export const GET = queryRoute(stepLogQuery);

import { queryRoute } from "@/lib/http/route-handler";
import { stepLogQuery } from "@/lib/runs/detail";

export const GET = queryRoute(stepLogQuery);

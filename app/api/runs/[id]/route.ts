import { queryRoute } from "@/lib/http/route-handler";
import { runDetailQuery } from "@/lib/runs/detail";

export const GET = queryRoute(runDetailQuery);

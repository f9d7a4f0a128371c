import { queryRoute } from "@/lib/http/route-handler";
import { runDetailQuery } from "@/lib/runs/read-queries";

export const GET = queryRoute(runDetailQuery);

import { queryRoute } from "@/lib/http/route-handler";
import { outputListQuery } from "@/lib/runs/read-queries";

export const GET = queryRoute(outputListQuery);

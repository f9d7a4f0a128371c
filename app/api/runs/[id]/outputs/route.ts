import { queryRoute } from "@/lib/http/route-handler";
import { outputListQuery } from "@/lib/runs/outputs";

export const GET = queryRoute(outputListQuery);

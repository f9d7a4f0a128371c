import { queryRoute } from "@/lib/http/route-handler";
import { outputPreviewQuery } from "@/lib/runs/read-queries";

export const GET = queryRoute(outputPreviewQuery);

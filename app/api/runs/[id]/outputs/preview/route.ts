import { queryRoute } from "@/lib/http/route-handler";
import { outputPreviewQuery } from "@/lib/runs/outputs";

export const GET = queryRoute(outputPreviewQuery);

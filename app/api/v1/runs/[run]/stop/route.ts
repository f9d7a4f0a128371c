import { apiRoute } from "@/lib/http/route-handler";
import { stopRunEndpoint } from "@/lib/api/endpoints/runs";

export const POST = apiRoute(stopRunEndpoint);

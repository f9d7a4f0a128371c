import { apiRoute } from "@/lib/api/route";
import { stopRunEndpoint } from "@/lib/api/endpoints/runs";

export const POST = apiRoute(stopRunEndpoint);

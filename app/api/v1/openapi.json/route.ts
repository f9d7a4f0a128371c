import { apiRoute } from "@/lib/http/route-handler";
import { getOpenApi } from "@/lib/api/endpoints/meta";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getOpenApi);

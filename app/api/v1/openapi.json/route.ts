import { apiRoute } from "@/lib/api/route";
import { getOpenApi } from "@/lib/api/registry";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getOpenApi);

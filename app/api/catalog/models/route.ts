import { queryRoute } from "@/lib/http/route-handler";
import { listModelsQuery } from "@/lib/catalog/queries";

export const GET = queryRoute(listModelsQuery);

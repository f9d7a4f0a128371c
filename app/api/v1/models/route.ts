import { apiRoute } from "@/lib/http/route-handler";
import { createModel, listModels } from "@/lib/api/endpoints/models";

export const GET = apiRoute(listModels);
export const POST = apiRoute(createModel);

import { apiRoute } from "@/lib/api/route";
import { createModel, listModels } from "@/lib/api/endpoints/models";

export const GET = apiRoute(listModels);
export const POST = apiRoute(createModel);

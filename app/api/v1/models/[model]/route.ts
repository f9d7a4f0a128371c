import { apiRoute } from "@/lib/api/route";
import { getModel, updateModel } from "@/lib/api/endpoints/models";

export const GET = apiRoute(getModel);
export const PATCH = apiRoute(updateModel);

import { apiRoute } from "@/lib/http/route-handler";
import { getModel, updateModel } from "@/lib/api/endpoints/models";

export const GET = apiRoute(getModel);
export const PATCH = apiRoute(updateModel);

import { apiRoute } from "@/lib/http/route-handler";
import { saveDraft } from "@/lib/api/endpoints/pipelines";

export const PUT = apiRoute(saveDraft);

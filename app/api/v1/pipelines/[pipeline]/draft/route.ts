import { apiRoute } from "@/lib/api/route";
import { saveDraft } from "@/lib/api/endpoints/pipelines";

export const PUT = apiRoute(saveDraft);

import { apiRoute } from "@/lib/http/route-handler";
import { uploadModelScripts } from "@/lib/api/endpoints/models";

export const POST = apiRoute(uploadModelScripts);

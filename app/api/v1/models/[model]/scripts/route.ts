import { apiRoute } from "@/lib/api/route";
import { uploadModelScripts } from "@/lib/api/endpoints/models";

export const POST = apiRoute(uploadModelScripts);

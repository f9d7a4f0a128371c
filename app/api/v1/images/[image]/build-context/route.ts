import { apiRoute } from "@/lib/http/route-handler";
import { uploadImageContext } from "@/lib/api/endpoints/images";

export const POST = apiRoute(uploadImageContext);

import { apiRoute } from "@/lib/api/route";
import { uploadImageContext } from "@/lib/api/endpoints/images";

export const POST = apiRoute(uploadImageContext);

import { apiRoute } from "@/lib/http/route-handler";
import { listImagesEndpoint, registerImageEndpoint } from "@/lib/api/endpoints/images";

export const GET = apiRoute(listImagesEndpoint);
export const POST = apiRoute(registerImageEndpoint);

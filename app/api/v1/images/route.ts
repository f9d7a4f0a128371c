import { apiRoute } from "@/lib/api/route";
import { listImagesEndpoint, registerImageEndpoint } from "@/lib/api/endpoints/images";

export const GET = apiRoute(listImagesEndpoint);
export const POST = apiRoute(registerImageEndpoint);

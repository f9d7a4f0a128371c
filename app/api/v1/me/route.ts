import { apiRoute } from "@/lib/http/route-handler";
import { getMe } from "@/lib/api/endpoints/meta";

export const GET = apiRoute(getMe);

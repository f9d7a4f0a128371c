import { apiRoute } from "@/lib/api/route";
import { getMe } from "@/lib/api/endpoints/meta";

export const GET = apiRoute(getMe);

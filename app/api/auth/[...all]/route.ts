import { authGet, authPost } from "@/lib/http/auth-endpoints";
import { mutationRoute } from "@/lib/http/route-handler";

export const dynamic = "force-dynamic";

export const GET = authGet;
export const POST = mutationRoute("application/json", authPost);

import { apiRoute } from "@/lib/http/route-handler";
import { listAudit } from "@/lib/api/endpoints/audit";

export const GET = apiRoute(listAudit);

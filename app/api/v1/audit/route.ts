import { apiRoute } from "@/lib/api/route";
import { listAudit } from "@/lib/api/endpoints/audit";

export const GET = apiRoute(listAudit);

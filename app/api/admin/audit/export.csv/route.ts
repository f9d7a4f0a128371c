import { queryRoute } from "@/lib/http/route-handler";
import { exportAuditQuery } from "@/lib/audit/queries";
import { csvDownload } from "@/lib/audit/csv";

/** GET /api/admin/audit/export.csv?actor=…&action=…&targetType=…&from=…&to=… — admins only (audit:read). */
export const GET = queryRoute(exportAuditQuery, (csv) => csvDownload(`ferry-audit-${new Date().toISOString().slice(0, 10)}.csv`, csv));

import { download, queryRoute } from "@/lib/http/route-handler";
import { exportAuditQuery } from "@/lib/audit/queries";

/** GET /api/admin/audit/export.csv?actor=…&action=…&targetType=…&from=…&to=… — admins only (audit:read). */
export const GET = queryRoute(exportAuditQuery, (csv) =>
  download(`ferry-audit-${new Date().toISOString().slice(0, 10)}.csv`, csv, { "Content-Type": "text/csv; charset=utf-8" }),
);

import { defineQuery } from "@/lib/commands/query";
import { download, queryRoute } from "@/lib/http/route-handler";
import { AuditFilters, auditTrailCsv } from "@/lib/audit/trail";

const exportAuditTrail = defineQuery({ permission: "audit:read", input: AuditFilters, run: ({ db, input }) => auditTrailCsv(db, input) });

/** GET /api/admin/audit/export.csv?actor=…&action=…&targetType=…&from=…&to=… — admins only (audit:read). */
export const GET = queryRoute(exportAuditTrail, (csv) =>
  download(`ferry-audit-${new Date().toISOString().slice(0, 10)}.csv`, csv, { "Content-Type": "text/csv; charset=utf-8" }),
);

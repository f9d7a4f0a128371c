import type { Metadata } from "next";
import { AdminSubnav } from "@/components/environments/admin-subnav";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { listAuditEvents, parseAuditFilters } from "@/lib/audit/trail";
import { AuditFilterForm } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";

export const metadata: Metadata = { title: "Audit" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Query string of the current filters, without the page cursor. */
function query(params: Record<string, string | string[] | undefined>, extra: Record<string, string> = {}) {
  const flat = Object.entries(params).flatMap(([k, v]) => (k !== "before" && typeof v === "string" && v ? [[k, v]] : []));
  return new URLSearchParams([...flat, ...Object.entries(extra)]).toString();
}

export default async function AuditPage({ searchParams }: Props) {
  await requireActor("audit:read");
  const params = await searchParams;
  const filters = parseAuditFilters(params);
  const { rows, nextBefore } = await listAuditEvents(prisma, filters);
  return (
    <div className="max-w-6xl space-y-6">
      <AdminSubnav current="/admin/audit" />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Audit</h1>
          <p className="mt-1 text-slate-600">Every decision and change, newest first, written in the same transaction as the change.</p>
        </div>
        <a href={`/api/admin/audit/export.csv?${query(params)}`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium" download>
          Export CSV
        </a>
      </div>
      <AuditFilterForm filters={filters} />
      {rows.length ? <AuditTable rows={rows} /> : <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">No events match these filters. Clear them or widen the dates.</p>}
      {nextBefore && (
        <a href={`/admin/audit?${query(params, { before: nextBefore })}`} className="inline-block text-sm text-brand-700 hover:underline">
          Older events →
        </a>
      )}
    </div>
  );
}

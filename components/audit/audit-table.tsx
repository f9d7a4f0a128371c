import type { AuditRow } from "@/lib/audit/trail";
import { formatDateTime } from "@/components/ui/format";
import { DataTable } from "@/components/ui/data-table";

export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  return (
    <DataTable columns={["Time", "Actor", "Action", "Target", "What happened"]} label="Audit events">
          {rows.map((r) => (
            <tr key={r.id.toString()}>
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">{formatDateTime(r.createdAt)}</td>
              <td className="px-4 py-2">{r.actorEmail}</td>
              <td className="px-4 py-2 font-mono text-xs">{r.action}</td>
              <td className="px-4 py-2 text-xs">
                {r.targetType}
                {r.targetId ? <span className="block font-mono text-slate-500">{r.targetId}</span> : null}
              </td>
              <td className="px-4 py-2">{r.summary}</td>
            </tr>
          ))}
    </DataTable>
  );
}

import type { AuditRow } from "@/lib/audit/queries";
import { formatDateTime } from "@/components/pipelines/format";

export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table aria-label="Audit events" className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Time</th>
            <th className="px-4 py-2">Actor</th>
            <th className="px-4 py-2">Action</th>
            <th className="px-4 py-2">Target</th>
            <th className="px-4 py-2">What happened</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
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
        </tbody>
      </table>
    </div>
  );
}

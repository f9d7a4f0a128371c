import Link from "next/link";
import type { listRecentScripts } from "@/lib/catalog/scripts/queries";
import { STAGE_LABELS } from "@/lib/catalog/scripts/stages";
import { DataTable } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/format";

type Row = Awaited<ReturnType<typeof listRecentScripts>>[number];

export function RecentScripts({ rows }: { rows: Row[] }) {
  if (rows.length === 0) {
    return <div className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">No scripts yet. Choose a model below and drop its legacy scripts and requirements.txt.</div>;
  }
  return (
    <DataTable columns={["Script", "Model", "Stage", "Latest", "Warnings"]}>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-100">
              <td className="px-3 py-2 font-mono text-xs">
                <Link href={`/scripts/${row.script.id}`} className="text-brand-700 underline">
                  {row.script.name}
                </Link>
              </td>
              <td className="px-3 py-2">
                <Link href={`/models/${row.script.model.slug}`} className="underline">
                  {row.script.model.slug}
                </Link>
              </td>
              <td className="px-3 py-2">{STAGE_LABELS[row.script.stage]}</td>
              <td className="px-3 py-2 text-slate-600">
                v{row.version} · {row.uploadedBy.name} · {formatDateTime(row.createdAt)}
              </td>
              <td className="px-3 py-2">{row.warnings === 0 ? <span className="text-emerald-700">none</span> : <span className="text-amber-700">{row.warnings}</span>}</td>
            </tr>
          ))}
    </DataTable>
  );
}

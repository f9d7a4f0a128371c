import Link from "next/link";
import type { PipelineRow } from "@/lib/pipelines/queries";
import { formatDateTime } from "@/components/ui/format";
import { DataTable } from "@/components/ui/data-table";


export function PipelineTable({ pipelines }: { pipelines: readonly PipelineRow[] }) {
  return (
    <DataTable columns={["Name", "Description", "Latest version", "Owner", "Updated"]}>
          {pipelines.map((p) => {
            const latest = p.versions[0];
            return (
              <tr key={p.id}>
                <td className="px-4 py-2 font-medium">
                  <Link href={`/pipelines/${p.id}`} className="text-brand-700 hover:underline">
                    {p.name}
                  </Link>
                </td>
                <td className="max-w-xs truncate px-4 py-2 text-slate-600">{p.description || "—"}</td>
                <td className="px-4 py-2">{latest ? `v${latest.version}` : <span className="text-slate-500">Draft only</span>}</td>
                <td className="px-4 py-2">{p.owner.name}</td>
                <td className="px-4 py-2 text-slate-600">{formatDateTime(p.updatedAt)}</td>
              </tr>
            );
          })}
    </DataTable>
  );
}

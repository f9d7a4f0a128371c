import Link from "next/link";
import type { listPipelines } from "@/lib/pipelines/queries";
import { formatDateTime } from "./format";

type Row = Awaited<ReturnType<typeof listPipelines>>[number];

export function PipelineTable({ pipelines }: { pipelines: readonly Row[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Name</th>
            <th className="px-4 py-2">Description</th>
            <th className="px-4 py-2">Latest version</th>
            <th className="px-4 py-2">Owner</th>
            <th className="px-4 py-2">Updated</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
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
        </tbody>
      </table>
    </div>
  );
}

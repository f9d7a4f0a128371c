import Link from "next/link";
import type { DeploymentRow } from "@/lib/deployments/queries";
import { formatDateTime, shortHash } from "@/components/pipelines/format";
import { StatusBadge } from "./status-badge";

export function DeploymentTable({ rows, label }: { rows: readonly DeploymentRow[]; label: string }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table aria-label={label} className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Model</th>
            <th className="px-4 py-2">Pipeline</th>
            <th className="px-4 py-2">Environment</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">Requested</th>
            <th className="px-4 py-2">Artifacts</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((d) => (
            <tr key={d.id}>
              <td className="px-4 py-2 font-medium">
                <Link href={`/deployments/${d.id}`} className="text-brand-700 hover:underline">
                  {d.model.slug}
                </Link>
              </td>
              <td className="px-4 py-2">
                {d.pipelineVersion.pipeline.name} v{d.pipelineVersion.version}
              </td>
              <td className="px-4 py-2">{d.environment.name}</td>
              <td className="px-4 py-2">
                <StatusBadge status={d.status} />
              </td>
              <td className="px-4 py-2 text-slate-600">
                {d.requestedBy.name}, {formatDateTime(d.requestedAt)}
              </td>
              <td className="px-4 py-2 font-mono text-xs text-slate-500">{shortHash(d.artifactFingerprint)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

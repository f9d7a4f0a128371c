import Link from "next/link";
import type { DeploymentRow } from "@/lib/deployments/queries";
import { formatDateTime, shortHash } from "@/components/ui/format";
import { StatusBadge } from "./status-badge";
import { DataTable } from "@/components/ui/data-table";

export function DeploymentTable({ rows, label }: { rows: readonly DeploymentRow[]; label: string }) {
  return (
    <DataTable columns={["Model", "Pipeline", "Environment", "Status", "Requested", "Artifacts"]} label={label}>
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
    </DataTable>
  );
}

import Link from "next/link";
import type { RunListItem } from "@/lib/runs/list";
import { StatusBadge } from "./status-badge";
import { durationBetween, formatDuration, formatDateTime } from "@/components/ui/format";
import { DataTable } from "@/components/ui/data-table";

export function RunTable({ runs }: { runs: readonly RunListItem[] }) {
  return (
    <DataTable columns={["Run", "Status", "Model", "Pipeline", "Environment", "Created", "Duration", "Failure"]} testId="runs-table">
          {runs.map((run) => (
            <tr key={run.id}>
              <td className="px-4 py-2 font-mono text-xs">
                <Link href={`/runs/${run.id}`} className="text-brand-700 hover:underline">
                  {run.executionName}
                </Link>
              </td>
              <td className="px-4 py-2">
                <StatusBadge status={run.status} />
                {run.redriveCount > 0 && <span className="ml-1 text-xs text-slate-500">redriven ×{run.redriveCount}</span>}
              </td>
              <td className="px-4 py-2">{run.model.displayName}</td>
              <td className="px-4 py-2">
                {run.pipelineVersion.pipeline.name} v{run.pipelineVersion.version}
              </td>
              <td className="px-4 py-2">{run.environment.name}</td>
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">{formatDateTime(run.createdAt)}</td>
              <td className="px-4 py-2 text-slate-600">{formatDuration(durationBetween(run.startedAt, run.stoppedAt))}</td>
              <td className="max-w-xs truncate px-4 py-2 text-xs text-red-800" title={run.failureGroup ?? undefined}>
                {run.failureGroup ?? ""}
              </td>
            </tr>
          ))}
    </DataTable>
  );
}

import Link from "next/link";
import type { RunListItem } from "@/lib/runs/queries";
import { StatusBadge } from "./status-badge";
import { durationBetween, formatDuration, formatWhen } from "./format";

export function RunTable({ runs }: { runs: readonly RunListItem[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="runs-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Run</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">Model</th>
            <th className="px-4 py-2">Pipeline</th>
            <th className="px-4 py-2">Environment</th>
            <th className="px-4 py-2">Created</th>
            <th className="px-4 py-2">Duration</th>
            <th className="px-4 py-2">Failure</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
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
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">{formatWhen(run.createdAt)}</td>
              <td className="px-4 py-2 text-slate-600">{formatDuration(durationBetween(run.startedAt, run.stoppedAt))}</td>
              <td className="max-w-xs truncate px-4 py-2 text-xs text-red-800" title={run.failureGroup ?? undefined}>
                {run.failureGroup ?? ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import Link from "next/link";
import type { RunListItem } from "@/lib/runs/list";
import { StatusBadge } from "./status-badge";
import { durationBetween, formatDuration, formatDateTime } from "@/components/ui/format";
import { DataTable } from "@/components/ui/data-table";

/**
 * The runs list. Its checkboxes make a plain GET form to /runs/compare (`?ids=…&ids=…`), so comparing needs no
 * script and the chosen runs stay in the URL to share.
 */
export function RunTable({ runs }: { runs: readonly RunListItem[] }) {
  return (
    <form action="/runs/compare" method="get" aria-label="Compare runs" className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
          Compare selected runs
        </button>
        <span className="text-slate-600">Tick two to six runs: parameters, code, durations and outputs side by side.</span>
      </div>
      <DataTable columns={[<span key="select" className="sr-only">Select</span>, "Run", "Status", "Model", "Pipeline", "Environment", "Created", "Duration", "Failure"]} testId="runs-table">
          {runs.map((run) => (
            <tr key={run.id}>
              <td className="px-4 py-2">
                <input type="checkbox" name="ids" value={run.id} aria-label={`Select ${run.executionName} to compare`} />
              </td>
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
    </form>
  );
}

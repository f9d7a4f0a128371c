import Link from "next/link";
import type { RunGrid } from "@/lib/runs/grid";
import { STATUS_STYLE } from "../status-badge";
import { formatDuration, formatDateTime } from "@/components/ui/format";

const LEGEND = ["SUCCEEDED", "FAILED", "RUNNING", "STOPPED", "PENDING"] as const;

const SHORT_DATE = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC", hourCycle: "h23" });

/** A square per step and run, coloured by the step's status and named for screen readers; a click opens that step in the run. */
function Cell({ runId, step, cell }: { runId: string; step: string; cell: RunGrid["runs"][number]["cells"][string] | undefined }) {
  if (!cell) return <span className="block h-5 w-5 rounded-sm border border-dashed border-slate-300" title={`${step}: not in this run`} />;
  const style = STATUS_STYLE[cell.status];
  const label = `${step}: ${style.label}${cell.durationMs !== null ? `, ${formatDuration(cell.durationMs)}` : ""}`;
  return (
    <Link href={`/runs/${runId}?step=${encodeURIComponent(step)}`} aria-label={label} title={label} data-testid="grid-cell" data-status={cell.status} className={`block h-5 w-5 rounded-sm ${style.bar} hover:ring-2 hover:ring-brand-600 focus-visible:ring-2 focus-visible:ring-brand-600`} />
  );
}

/**
 * Airflow's grid view: runs as columns over time (oldest left), steps as rows, one coloured square each. The run's
 * own outcome sits on top of its column. Scrolls sideways on small screens (keyboard users too).
 */
export function RunGridView({ grid, label }: { grid: RunGrid; label: string }) {
  if (grid.runs.length === 0) return <p className="text-sm text-slate-600">No runs yet.</p>;
  return (
    <div className="space-y-2">
      <div tabIndex={0} role="region" aria-label={`${label}, scrollable`} className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-label={label} data-testid="run-grid" className="text-sm">
          <thead>
            <tr>
              <th scope="col" className="sticky left-0 bg-white px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-600">
                Step \ run
              </th>
              {grid.runs.map((run) => {
                const text = `${run.executionName} (${run.model}, v${run.pipelineVersion}): ${STATUS_STYLE[run.status].label}, ${formatDateTime(run.createdAt)}, ${formatDuration(run.durationMs)}`;
                return (
                  <th key={run.id} scope="col" className="px-1 py-2 align-bottom">
                    <Link href={`/runs/${run.id}`} aria-label={text} title={text} className="flex flex-col items-center gap-1 text-[10px] font-normal text-slate-700 hover:text-brand-700">
                      <span className={`block h-2 w-5 rounded-full ${STATUS_STYLE[run.status].bar}`} />
                      <span className="whitespace-nowrap [writing-mode:vertical-rl]">{SHORT_DATE.format(run.createdAt)}</span>
                    </Link>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {grid.steps.map((step) => (
              <tr key={step}>
                <th scope="row" className="sticky left-0 max-w-64 truncate bg-white px-3 py-1 text-left font-normal" title={step}>
                  {step}
                </th>
                {grid.runs.map((run) => (
                  <td key={run.id} className="px-1 py-1">
                    <Cell runId={run.id} step={step} cell={run.cells[step]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul aria-label="Legend of the grid" className="flex flex-wrap gap-3 text-xs text-slate-700">
        {LEGEND.map((status) => (
          <li key={status} className="flex items-center gap-1">
            <span aria-hidden className={`inline-block h-3 w-3 rounded-sm ${STATUS_STYLE[status].bar}`} /> {STATUS_STYLE[status].label}
          </li>
        ))}
      </ul>
    </div>
  );
}

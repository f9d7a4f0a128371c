import Link from "next/link";
import type { ModelRunHistory as History } from "@/lib/runs/model-history";
import { TrendLine } from "@/components/dashboard/charts";
import { StatusBadge } from "./status-badge";
import { durationBetween, formatDuration, formatDateTime } from "@/components/ui/format";

type Summary = Pick<History, "successRate" | "finished" | "withFailedSteps" | "stopped">;

function successLine({ successRate, finished, withFailedSteps, stopped }: Summary): string {
  const rate = successRate === null ? "No finished run yet" : `${Math.round(successRate * 100)} % succeeded of the last ${finished} finished`;
  const notes = [withFailedSteps && `${withFailedSteps} with failed steps`, stopped && `${stopped} stopped (not counted)`].filter(Boolean);
  return [rate, ...notes].join(" · ");
}

/** A model's run history for its page: success rate over its recent finished runs, their duration trend, the last runs. */
export function ModelRunHistory({ modelId, history }: { modelId: string; history: History }) {
  if (history.runs.length === 0) {
    return (
      <section className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600" aria-label="Run history">
        No runs yet. Once a deployment of this model is live, press Run above.
      </section>
    );
  }
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4" aria-label="Run history">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">Run history</h2>
        <p className="text-sm text-slate-600" data-testid="success-rate">
          {successLine(history)}
        </p>
      </div>
      {history.trend.length > 1 && <TrendLine data={history.trend.map((t) => ({ at: t.at.slice(5, 16).replace("T", " "), seconds: t.seconds }))} xKey="at" yKey="seconds" unit=" s" label="Run duration trend" />}
      <ul className="divide-y divide-slate-100 text-sm">
        {history.runs.slice(0, 10).map((run) => (
          <li key={run.id} className="flex items-center gap-3 py-1.5">
            <StatusBadge status={run.status} />
            <Link href={`/runs/${run.id}`} className="flex-1 truncate font-mono text-xs text-brand-700 hover:underline">
              {run.executionName}
            </Link>
            <span className="text-xs text-slate-500">{formatDuration(durationBetween(run.startedAt, run.stoppedAt))}</span>
            <span className="text-xs text-slate-500">{formatDateTime(run.createdAt)}</span>
          </li>
        ))}
      </ul>
      <Link href={`/runs?modelId=${modelId}`} className="text-sm text-brand-700 hover:underline">
        All runs of this model →
      </Link>
    </section>
  );
}

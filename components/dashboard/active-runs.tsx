import Link from "next/link";
import type { Dashboard } from "@/lib/runs/dashboard";
import { StatusBadge } from "@/components/runs/status-badge";

export function ActiveRuns({ runs, total }: { runs: Dashboard["active"]; total: number }) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">Nothing running. Start a run from the Runs page.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="active-runs">
      {runs.map((run) => (
        <li key={run.id} className="flex items-center gap-3 py-1.5">
          <StatusBadge status={run.status} />
          <Link href={`/runs/${run.id}`} className="flex-1 truncate text-brand-700 hover:underline">
            {run.model.slug}
          </Link>
          <span className="text-xs text-slate-500">{run.steps[0]?.name ?? "starting"}</span>
        </li>
      ))}
      {total > runs.length && (
        <li className="py-1.5 text-xs">
          <Link href="/runs?status=RUNNING" className="text-brand-700 hover:underline">
            all {total} active runs →
          </Link>
        </li>
      )}
    </ul>
  );
}

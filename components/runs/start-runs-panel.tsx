"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { startRunsAction } from "@/app/(app)/runs/actions";
import type { BulkStartResult } from "@/lib/runs/operations";
import { statusWord } from "@/lib/runs/status";
import { StartRunButton } from "./start-run-button";

export type StartableRow = { id: string; model: string; team: string; pipeline: string; environment: string; lastStatus: string | null };

// The server paces StartExecution itself; chunks keep each request short and let the bar move.
const CHUNK = 25;

/** Live deployments: run one, or select several (or all) and start them with a progress bar and per-model results. */
export function StartRunsPanel({ rows }: { rows: StartableRow[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<BulkStartResult[]>([]);
  const byId = new Map(rows.map((r) => [r.id, r]));

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }

  async function startSelected() {
    const ids = [...selected];
    setResults([]);
    setProgress({ done: 0, total: ids.length });
    const all: BulkStartResult[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const result = await startRunsAction({ deploymentIds: ids.slice(i, i + CHUNK) });
      if (!result.ok) {
        toast.error(result.error);
        break;
      }
      all.push(...result.data);
      setResults([...all]);
      setProgress({ done: Math.min(i + CHUNK, ids.length), total: ids.length });
    }
    const failed = all.filter((r) => !r.ok).length;
    toast[failed ? "warning" : "success"](`${all.length - failed} of ${ids.length} runs started${failed ? `; ${failed} refused` : ""}`);
    setSelected(new Set());
    router.refresh();
  }

  if (rows.length === 0) {
    return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">No live deployment yet. Request a deployment of a model and have an admin approve it; its Run button appears here.</p>;
  }
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4" aria-label="Start runs">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="font-medium">Live deployments</h2>
        <div className="flex items-center gap-2">
          <button type="button" className="text-sm text-brand-700 hover:underline" onClick={() => setSelected(new Set(rows.map((r) => r.id)))}>
            Select all ({rows.length})
          </button>
          <button type="button" disabled={selected.size === 0 || progress?.done !== progress?.total} onClick={() => void startSelected()} className="rounded-md border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-50">
            Start {selected.size} selected
          </button>
        </div>
      </div>
      {progress && (
        <div>
          <div role="progressbar" aria-label="Bulk start progress" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done} className="h-2 overflow-hidden rounded bg-slate-100">
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${progress.total ? (progress.done / progress.total) * 100 : 0}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {progress.done} of {progress.total} submitted
          </p>
        </div>
      )}
      <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto">
        {rows.map((row) => (
          <li key={row.id} className="flex items-center gap-3 py-2 text-sm">
            <input type="checkbox" aria-label={`Select ${row.model}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
            <span className="flex-1">
              <span className="font-medium">{row.model}</span> <span className="text-slate-500">· {row.team} · {row.pipeline} · {row.environment}</span>
            </span>
            {row.lastStatus && <span className="text-xs text-slate-600">last: {statusWord(row.lastStatus).toLowerCase()}</span>}
            <StartRunButton deploymentId={row.id} />
          </li>
        ))}
      </ul>
      {results.length > 0 && (
        <table className="w-full text-left text-xs" aria-label="Bulk start results">
          <tbody className="divide-y divide-slate-100">
            {results.map((r) => (
              <tr key={r.deploymentId}>
                <td className="py-1">{byId.get(r.deploymentId)?.model ?? r.deploymentId}</td>
                <td className={r.ok ? "text-emerald-700" : "text-red-700"}>{r.ok ? statusWord(r.status ?? "started").toLowerCase() : "refused"}</td>
                <td className="text-slate-600">{r.runId ? <Link href={`/runs/${r.runId}`} className="text-brand-700 hover:underline">open</Link> : r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

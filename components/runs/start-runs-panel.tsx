"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { startRunsAction } from "@/app/(app)/runs/actions";
import type { BulkStartProgress } from "@/lib/runs/bulk-start";
import { statusWord } from "@/lib/runs/status";
import { StartRunButton } from "./start-run-button";
import { useBulkStart } from "./use-bulk-start";

export type StartableRow = { id: string; model: string; team: string; pipeline: string; environment: string; lastStatus: string | null };

/** Live deployments: run one, or select several (or all) and start them with a progress bar and per-model results. */
export function StartRunsPanel({ rows }: { rows: StartableRow[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkStartId, setBulkStartId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const progress = useBulkStart(bulkStartId, (done) => {
    setBusy(false);
    toast[done.refused ? "warning" : "success"](`${done.started} of ${done.total} runs started${done.refused ? `; ${done.refused} refused` : ""}`);
    router.refresh();
  });

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }

  async function startSelected() {
    setBusy(true);
    const result = await startRunsAction({ deploymentIds: [...selected] });
    if (!result.ok) {
      setBusy(false);
      return void toast.error(result.error);
    }
    setSelected(new Set());
    setBulkStartId(result.data.bulkStartId);
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
          <button type="button" disabled={selected.size === 0 || busy} onClick={() => void startSelected()} className="rounded-md border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-50">
            Start {selected.size} selected
          </button>
        </div>
      </div>
      {progress && <BulkStartBar progress={progress} />}
      <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto">
        {rows.map((row) => (
          <li key={row.id} className="flex items-center gap-3 py-2 text-sm">
            <input type="checkbox" aria-label={`Select ${row.model}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
            <span className="flex-1">
              <span className="font-medium">{row.model}</span> <span className="text-slate-500">· {row.team} · {row.pipeline} · {row.environment}</span>
            </span>
            {row.lastStatus && <span className="text-xs text-slate-500">last: {statusWord(row.lastStatus).toLowerCase()}</span>}
            <StartRunButton deploymentId={row.id} />
          </li>
        ))}
      </ul>
      {progress && progress.items.some((i) => i.status !== "PENDING") && (
        <table className="w-full text-left text-xs" aria-label="Bulk start results">
          <tbody className="divide-y divide-slate-100">
            {progress.items
              .filter((i) => i.status !== "PENDING")
              .map((r) => (
                <tr key={r.deploymentId}>
                  <td className="py-1">{byId.get(r.deploymentId)?.model ?? r.deploymentId}</td>
                  <td className={r.status === "STARTED" ? "text-emerald-700" : "text-red-700"}>{r.status === "STARTED" ? "started" : "refused"}</td>
                  <td className="text-slate-600">{r.runId ? <Link href={`/runs/${r.runId}`} className="text-brand-700 hover:underline">open</Link> : r.message}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function BulkStartBar({ progress }: { progress: BulkStartProgress }) {
  const settled = progress.started + progress.refused;
  return (
    <div>
      <div role="progressbar" aria-label="Bulk start progress" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={settled} className="h-2 overflow-hidden rounded bg-slate-100">
        <div className="h-full bg-brand-600 transition-all" style={{ width: `${progress.total ? (settled / progress.total) * 100 : 0}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-500">
        {settled} of {progress.total} done: {progress.started} started, {progress.refused} refused, {progress.pending} waiting for a worker
      </p>
    </div>
  );
}

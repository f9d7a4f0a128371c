"use client";

import { useAction } from "@/components/ui/use-action";
import { bulkRunAction } from "@/app/(app)/runs/actions";

type Action = "stop" | "rerun" | "redrive";
const LABELS: Record<Action, string> = { stop: "Stop all active", rerun: "Re-run all", redrive: "Redrive all failed" };

/** Bulk stop / re-run / redrive of the filtered set (up to 500); the server resolves the set from the filters. */
export function BulkRunBar({ filters, actions = ["stop", "rerun", "redrive"] }: { filters: string; actions?: Action[] }) {
  const { run, pending } = useAction(bulkRunAction);
  function go(action: Action) {
    if (!window.confirm(`${LABELS[action]} in this filtered set (at most 500 runs)?`)) return;
    void run({ action, filters }, (data) => `${data.ok} of ${data.total} runs: done${data.failed.length ? `; ${data.failed.length} refused (${data.failed[0]?.message ?? ""})` : ""}`);
  }
  return (
    <div className="flex flex-wrap gap-2">
      {actions.map((action) => (
        <button key={action} type="button" disabled={pending} onClick={() => go(action)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50">
          {LABELS[action]}
        </button>
      ))}
    </div>
  );
}

"use client";

import { useAction } from "@/components/ui/use-action";
import { bulkRunAction } from "@/app/(app)/runs/actions";

export type BulkRunActionName = "stop" | "rerun" | "redrive";
const LABELS: Record<BulkRunActionName, string> = { stop: "Stop all active", rerun: "Re-run all", redrive: "Redrive all failed" };
/** What each action will do, asked before it is done. */
const CONFIRMATIONS: Record<BulkRunActionName, string> = {
  stop: "Stop every active run in this filtered set (at most 500)? Their running jobs are stopped and steps not yet started never run; they show as Stopped, not as failures.",
  rerun: "Start a new run for each run in this filtered set (at most 500), each with the same input as before? Each runs its deployment's approved code version; runs whose approval no longer holds are refused and listed.",
  redrive:
    "Redrive every failed run in this filtered set (at most 500)? Each continues from its failed step with the same pinned code version it started with. To run newer code, have the new deployment approved and start new runs instead.",
};

/**
 * Bulk stop / re-run / redrive of a filtered set (up to 500); the server resolves the set from the filters.
 * `targets` holds each offered action's filters (redrive's are narrowed to failed runs); others are not shown.
 */
export function BulkRunBar({ targets, label }: { targets: Partial<Record<BulkRunActionName, string>>; label: string }) {
  const { run, pending } = useAction(bulkRunAction);
  function go(action: BulkRunActionName, filters: string) {
    if (!window.confirm(CONFIRMATIONS[action])) return;
    void run({ action, filters }, (data) => `${data.ok} of ${data.total} runs: done${data.failed.length ? `; ${data.failed.length} refused (${data.failed[0]?.message ?? ""})` : ""}`);
  }
  const offered = (Object.entries(targets) as [BulkRunActionName, string | undefined][]).filter((e): e is [BulkRunActionName, string] => e[1] !== undefined);
  return (
    <div role="group" aria-label={label} className="flex flex-wrap gap-2">
      {offered.map(([action, filters]) => (
        <button key={action} type="button" disabled={pending} onClick={() => go(action, filters)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50">
          {LABELS[action]}
        </button>
      ))}
    </div>
  );
}

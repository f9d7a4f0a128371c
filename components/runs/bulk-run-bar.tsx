"use client";

import { useAction } from "@/components/ui/use-action";
import { bulkRunAction } from "@/app/(app)/runs/actions";

export type BulkRunActionName = "stop" | "rerun" | "redrive";
const LABELS: Record<BulkRunActionName, string> = { stop: "Stop all active", rerun: "Re-run all", redrive: "Redrive all failed" };

/**
 * Bulk stop / re-run / redrive of a filtered set (up to 500); the server resolves the set from the filters.
 * `targets` holds each offered action's filters (redrive's are narrowed to failed runs); others are not shown.
 */
export function BulkRunBar({ targets, label }: { targets: Partial<Record<BulkRunActionName, string>>; label: string }) {
  const { run, pending } = useAction(bulkRunAction);
  function go(action: BulkRunActionName, filters: string) {
    if (!window.confirm(`${LABELS[action]} in this filtered set (at most 500 runs)?`)) return;
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

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useAction } from "@/components/ui/use-action";
import { bulkRunAction, bulkRunActionProgressAction } from "@/app/(app)/runs/actions";
import type { BulkRunActionName } from "@/lib/runs/bulk-action";
import { nothingPending, useJobProgress } from "@/components/ui/use-job-progress";

export type { BulkRunActionName } from "@/lib/runs/bulk-action";
const LABELS: Record<BulkRunActionName, string> = { stop: "Stop all active", rerun: "Re-run all", redrive: "Redrive all failed" };
/** What each action will do, asked before it is done. */
const CONFIRMATIONS: Record<BulkRunActionName, string> = {
  stop: "Stop every active run in this filtered set (at most 500)? Their running jobs are stopped and steps not yet started never run; they show as Stopped, not as failures.",
  rerun: "Start a new run for each run in this filtered set (at most 500), each with the same input as before? Each runs its deployment's approved code version; runs whose approval no longer holds are refused and listed.",
  redrive:
    "Redrive every failed run in this filtered set (at most 500)? Each continues from its failed step with the same pinned code version it started with. To run newer code, have the new deployment approved and start new runs instead.",
};

/**
 * Bulk stop / re-run / redrive of a filtered set (up to 500); the server resolves the set from the filters and
 * queues it for the workers, and the bar counts the runs done while they work.
 * `targets` holds each offered action's filters (redrive's are narrowed to failed runs); others are not shown.
 */
export function BulkRunBar({ targets, label }: { targets: Partial<Record<BulkRunActionName, string>>; label: string }) {
  const router = useRouter();
  const { run, pending } = useAction(bulkRunAction);
  const [bulkId, setBulkId] = useState<string | null>(null);
  const progress = useJobProgress(bulkId, (id) => bulkRunActionProgressAction({ bulkId: id }), nothingPending, (done) => {
    setBulkId(null);
    const refused = done.refusals[0];
    toast.success(`${LABELS[done.action]}: ${done.done} of ${done.total} runs done${done.refused ? `; ${done.refused} refused (${refused?.message ?? ""})` : ""}`);
    router.refresh();
  });
  async function go(action: BulkRunActionName, filters: string) {
    if (!window.confirm(CONFIRMATIONS[action])) return;
    const result = await run({ action, filters }, (data) => (data.total ? `${data.total} runs queued` : "No run in this set to act on"));
    if (result.ok && result.data.bulkId) setBulkId(result.data.bulkId);
  }
  const offered = (Object.entries(targets) as [BulkRunActionName, string | undefined][]).filter((e): e is [BulkRunActionName, string] => e[1] !== undefined);
  const busy = pending || bulkId !== null;
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-center gap-2">
      {offered.map(([action, filters]) => (
        <button key={action} type="button" disabled={busy} onClick={() => void go(action, filters)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50">
          {LABELS[action]}
        </button>
      ))}
      {bulkId && progress ? (
        <p role="status" className="text-sm text-slate-700" data-testid="bulk-action-progress">
          {LABELS[progress.action]}: {progress.done + progress.refused} of {progress.total} runs
        </p>
      ) : null}
    </div>
  );
}

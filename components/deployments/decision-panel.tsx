"use client";

import { useState } from "react";
import { approveDeploymentAction, rejectDeploymentAction } from "@/app/(app)/deployments/actions";
import { useAction } from "@/components/ui/use-action";
import { inputClass } from "@/components/ui/input-style";

/** Approve (which deploys at once) or reject, bound to the fingerprint of the artifacts on this page. */
export function DecisionPanel({ deploymentId, fingerprint }: { deploymentId: string; fingerprint: string }) {
  const [comment, setComment] = useState("");
  const approve = useAction(approveDeploymentAction);
  const reject = useAction(rejectDeploymentAction);
  const busy = approve.pending || reject.pending;
  return (
    <form aria-label="Decision" onSubmit={(e) => e.preventDefault()} className="space-y-2">
      <label className="block text-sm font-medium text-slate-700">
        Comment
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={2000} className={inputClass} />
      </label>
      <div className="flex gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={() => approve.run({ deploymentId, fingerprint, comment }, "Approved: the deploy is queued and this page shows its outcome")}
          className="rounded-md bg-emerald-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          {approve.pending ? "Approving and deploying…" : "Approve and deploy"}
        </button>
        <button type="button" disabled={busy} onClick={() => reject.run({ deploymentId, comment }, "Rejected: the requester is told")} className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 disabled:opacity-60">
          Reject
        </button>
      </div>
    </form>
  );
}

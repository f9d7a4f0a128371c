"use client";

import { useState } from "react";
import { approveDeploymentAction, rejectDeploymentAction } from "@/app/(app)/deployments/actions";
import { useAction } from "@/components/ui/use-action";
import { inputClass } from "@/components/ui/input-style";

/** The failing parity evidence, said where the decision is taken, with the override it then needs. */
function ParityOverrideFields({ concern, reason, onReason }: { concern: string; reason: string; onReason: (value: string) => void }) {
  return (
    <div role="alert" aria-label="Parity did not pass" className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-medium">{concern}</p>
      <p>Approving puts these artifacts live although their output did not match the legacy output. It needs a reason, kept on the deployment and in the audit trail.</p>
      <label className="block font-medium">
        Reason for approving despite the parity evidence
        <textarea name="parityOverride" value={reason} onChange={(e) => onReason(e.target.value)} rows={2} maxLength={2000} className={inputClass} />
      </label>
    </div>
  );
}

/** Approve (which deploys at once) or reject, bound to the fingerprint of the artifacts on this page. */
export function DecisionPanel({ deploymentId, fingerprint, parityConcern }: { deploymentId: string; fingerprint: string; parityConcern: string | null }) {
  const [comment, setComment] = useState("");
  const [reason, setReason] = useState("");
  const approve = useAction(approveDeploymentAction);
  const reject = useAction(rejectDeploymentAction);
  const busy = approve.pending || reject.pending;
  const input = { deploymentId, fingerprint, comment, ...(parityConcern ? { parityOverride: reason } : {}) };
  return (
    <form aria-label="Decision" onSubmit={(e) => e.preventDefault()} className="space-y-2">
      {parityConcern && <ParityOverrideFields concern={parityConcern} reason={reason} onReason={setReason} />}
      <label className="block text-sm font-medium text-slate-700">
        Comment
        <textarea name="comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={2000} className={inputClass} />
      </label>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={() => approve.run(input, "Approved: the deploy is queued and this page shows its outcome")}
          className={`rounded-md px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 ${parityConcern ? "bg-red-700" : "bg-emerald-700"}`}
        >
          {approve.pending ? "Approving and deploying…" : parityConcern ? "Override parity, approve and deploy" : "Approve and deploy"}
        </button>
        <button type="button" disabled={busy} onClick={() => reject.run({ deploymentId, comment }, "Rejected: the requester is told")} className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 disabled:opacity-60">
          Reject
        </button>
      </div>
    </form>
  );
}

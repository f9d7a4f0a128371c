"use client";

import { deployDeploymentAction, withdrawDeploymentAction } from "@/app/(app)/deployments/actions";
import { useAction } from "@/components/ui/use-action";

/** Deploy an approved request, retry a failed deploy, or withdraw a request that is not live. */
export function DeployActions({ deploymentId, canDeploy, canWithdraw, retry }: { deploymentId: string; canDeploy: boolean; canWithdraw: boolean; retry: boolean }) {
  const deploy = useAction(deployDeploymentAction);
  const withdraw = useAction(withdrawDeploymentAction);
  if (!canDeploy && !canWithdraw) return null;
  return (
    <div className="flex gap-2">
      {canDeploy && (
        <button
          type="button"
          disabled={deploy.pending}
          onClick={() => deploy.run({ deploymentId }, "Deploy queued: a worker publishes it; this page shows the outcome")}
          className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          {deploy.pending ? "Deploying…" : retry ? "Retry deploy" : "Deploy"}
        </button>
      )}
      {canWithdraw && (
        <button type="button" disabled={withdraw.pending} onClick={() => withdraw.run({ deploymentId }, "Request withdrawn")} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Withdraw request
        </button>
      )}
    </div>
  );
}

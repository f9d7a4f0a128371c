import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { findDeployment } from "@/lib/deployments/queries";
import { deploymentActions, isClosed } from "@/lib/deployments/rules";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/deployments/status-badge";
import { RequestReview } from "@/components/deployments/request-review";
import { DecisionPanel } from "@/components/deployments/decision-panel";
import { DeployActions } from "@/components/deployments/deploy-actions";
import { ParityForm } from "@/components/deployments/parity-form";
import { WorkerProgress } from "@/components/deployments/parity-progress";
import { ParityOverrideNote, ParityVerdict } from "@/components/deployments/parity-verdict";
import { StartRunButton } from "@/components/runs/start-run-button";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Deployment" };

type Props = { params: Promise<{ id: string }> };

export default async function DeploymentPage({ params }: Props) {
  const actor = await requireActor("catalog:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const d = await findDeployment(prisma, id);
  if (!d) notFound();
  const pending = d.status === "PENDING_APPROVAL";
  const may = deploymentActions(actor, { status: d.status, requestedById: d.requestedBy.id, stateMachineVersionArn: d.stateMachineVersionArn, approvalHolds: d.approval.holds });
  return (
    <div className="max-w-6xl space-y-6">
      <div className="space-y-1">
        <BackLink href="/deployments">Deployments</BackLink>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold">
          {d.model.slug} → {d.environment.name} <StatusBadge status={d.status} />
          {may.run && <StartRunButton deploymentId={d.id} />}
        </h1>
        <p className="text-slate-600">
          {d.pipelineVersion.pipeline.name} v{d.pipelineVersion.version}. Requested by {d.requestedBy.name} ({d.requestedBy.email}), {formatDateTime(d.requestedAt)}.
        </p>
      </div>

      {!d.approval.holds && !isClosed(d.status) && (
        <div role="alert" aria-label="Approval no longer holds" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
          <p className="font-medium">{pending ? "The artifacts changed since this request was made." : "The approval no longer holds: the artifacts changed since it was given."}</p>
          <ul className="list-disc pl-5">
            {d.approval.changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
          {d.status === "LIVE" && <p className="mt-1">Runs of this deployment are refused until a new request is approved.</p>}
          <p className="mt-1">
            <Link href={`/deployments/new?model=${d.model.id}&version=${d.pipelineVersion.id}&environment=${d.environment.id}`} className="font-medium underline">
              Request a new deployment
            </Link>{" "}
            to put the new artifacts live.
          </p>
        </div>
      )}

      <section aria-label="Decision and deploy" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">Decision and deploy</h2>
        {d.decidedBy && (
          <p className="text-sm">
            {d.status === "REJECTED" ? "Rejected" : "Approved"} by {d.decidedBy.name}
            {d.decidedAt ? `, ${formatDateTime(d.decidedAt)}` : ""}
            {d.decisionComment ? `: “${d.decisionComment}”` : "."}
          </p>
        )}
        {d.parityOverride && <ParityOverrideNote override={d.parityOverride} />}
        {d.stateMachineArn && (
          <p className="text-sm">
            State machine <span data-testid="state-machine-arn" className="font-mono">{d.stateMachineArn}</span>
            {d.stateMachineRevision ? ` (revision ${d.stateMachineRevision})` : ""}
          </p>
        )}
        {d.status === "DEPLOYING" && <WorkerProgress label="Deploying: a worker is publishing the approved definition; this page updates when it is live." />}
        {d.deployError && (
          <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
            The deploy failed: {d.deployError}. Fix the environment (Admin → Environments → Check), then retry.
          </p>
        )}
        {may.decision === "decide" && <DecisionPanel deploymentId={d.id} fingerprint={d.artifactFingerprint} parityConcern={d.parityConcern} />}
        {may.decision === "another-admin" && <p className="text-sm text-slate-600">You requested this deployment: another admin must decide it.</p>}
        {may.decision === "wait" && <p className="text-sm text-slate-600">Waiting for an admin to approve.</p>}
        <DeployActions deploymentId={d.id} canDeploy={may.deploy} canWithdraw={may.withdraw} retry={d.status === "FAILED"} />
      </section>

      <section aria-label="Parity" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">Parity evidence {d.environment.requireParity && <span className="text-sm font-normal text-amber-800">(required in {d.environment.name})</span>}</h2>
        {d.parity ? <ParityVerdict parity={d.parity} fingerprint={d.artifactFingerprint} /> : <p className="text-sm text-slate-600">No evidence attached yet.</p>}
        {may.attachParity && <ParityForm deploymentId={d.id} />}
      </section>

      <RequestReview preview={d.preview} approved={d.storedArtifacts ? { artifacts: d.storedArtifacts, fingerprint: d.artifactFingerprint, changed: d.approval.changedKeys } : undefined} />
    </div>
  );
}

import type { DeploymentStatus } from "@/generated/prisma/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { canWithdrawDeployment } from "@/lib/auth/object-rules";

/** A request can be taken back until it is live; withdrawDeployment updates only from these. */
export const WITHDRAWABLE = ["PENDING_APPROVAL", "APPROVED", "FAILED"] as const satisfies readonly DeploymentStatus[];

/** Nothing more happens to these, so an approval that no longer holds concerns them no more. */
const CLOSED = ["REJECTED", "WITHDRAWN", "SUPERSEDED"] as const satisfies readonly DeploymentStatus[];

const isOneOf = (list: readonly DeploymentStatus[], status: DeploymentStatus) => list.includes(status);

export const isWithdrawable = (status: DeploymentStatus) => isOneOf(WITHDRAWABLE, status);
export const isClosed = (status: DeploymentStatus) => isOneOf(CLOSED, status);

/**
 * Deployable: approved and not yet deployed, a failed deploy being retried, or a LIVE deployment from before
 * Ferry published versions (no version ARN): redeploying it publishes the approved definition, and its runs
 * refuse to start until then.
 */
export function isDeployable(d: { status: DeploymentStatus; stateMachineVersionArn: string | null }): boolean {
  return d.status === "LIVE" ? d.stateMachineVersionArn === null : d.status === "APPROVED" || d.status === "FAILED";
}

type Shown = { status: DeploymentStatus; requestedById: string; stateMachineVersionArn: string | null; approvalHolds: boolean };

/**
 * What a deployment's page offers its caller: the rules the commands enforce (deployments/commands.ts, deploy.ts,
 * parity/start.ts, lib/runs/commands.ts), asked here so the page never shows a button the server would refuse.
 */
export function deploymentActions(actor: Actor, d: Shown) {
  const admin = can(actor, "deployments:decide");
  const own = d.requestedById === actor.id;
  const pending = d.status === "PENDING_APPROVAL";
  return {
    /** Four eyes: an admin decides a pending request, but never their own. */
    decision: !pending ? null : !admin ? ("wait" as const) : own ? ("another-admin" as const) : ("decide" as const),
    deploy: admin && isDeployable(d) && d.approvalHolds,
    withdraw: isWithdrawable(d.status) && can(actor, "deployments:request") && canWithdrawDeployment({ ...actor, teams: [] }, { kind: "deployment", label: "", requestedById: d.requestedById }),
    attachParity: pending && (own || admin),
    run: d.status === "LIVE" && d.approvalHolds && can(actor, "runs:start"),
  };
}

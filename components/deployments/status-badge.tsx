import { STATUS_WORDS, type DeploymentStatus } from "@/lib/deployments/status";

const TONE: Record<DeploymentStatus, string> = {
  PENDING_APPROVAL: "bg-amber-100 text-amber-900",
  APPROVED: "bg-sky-100 text-sky-900",
  REJECTED: "bg-red-100 text-red-900",
  DEPLOYING: "bg-sky-100 text-sky-900",
  LIVE: "bg-emerald-100 text-emerald-900",
  FAILED: "bg-red-100 text-red-900",
  SUPERSEDED: "bg-slate-100 text-slate-600",
  WITHDRAWN: "bg-slate-100 text-slate-600",
};

export function StatusBadge({ status }: { status: DeploymentStatus }) {
  return <span data-testid="deployment-status" className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status]}`}>{STATUS_WORDS[status]}</span>;
}

import type { PipelineVersionSummary } from "@/lib/pipelines/queries";
import { formatDateTime } from "@/components/ui/format";

const STATUS_STYLE: Record<string, string> = {
  LIVE: "bg-emerald-100 text-emerald-900",
  FAILED: "bg-red-100 text-red-900",
  DEPLOYING: "bg-amber-100 text-amber-900",
};

/** The version's recent deployments: live with ARN and revision, or failed with AWS's words. */
export function ReleaseList({ releases }: { releases: PipelineVersionSummary["releases"] }) {
  if (releases.length === 0) return null;
  return (
    <ul aria-label="Deployments" className="space-y-1 text-sm">
      {releases.map((r) => (
        <li key={r.id} className="flex flex-wrap items-baseline gap-2">
          <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${STATUS_STYLE[r.status] ?? "bg-slate-100"}`}>{r.status}</span>
          <span>{r.environment.name}</span>
          {r.stateMachineArn && <code className="break-all text-xs text-slate-600">{r.stateMachineArn}</code>}
          {r.revisionId && <span className="text-xs text-slate-500">revision {r.revisionId}</span>}
          {r.error && <span className="text-red-700">{r.error}</span>}
          <span className="text-xs text-slate-600">{formatDateTime(r.createdAt)}</span>
        </li>
      ))}
    </ul>
  );
}

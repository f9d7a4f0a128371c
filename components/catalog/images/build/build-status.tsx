const STYLE: Record<string, { label: string; badge: string }> = {
  QUEUED: { label: "Queued", badge: "bg-slate-100 text-slate-700" },
  IN_PROGRESS: { label: "Building", badge: "bg-brand-100 text-brand-900" },
  SUCCEEDED: { label: "Succeeded", badge: "bg-emerald-100 text-emerald-900" },
  FAILED: { label: "Failed", badge: "bg-red-100 text-red-900" },
  STOPPED: { label: "Stopped", badge: "bg-slate-200 text-slate-800" },
};

/** A build's status in words and colour (never colour alone). */
export function BuildStatus({ status }: { status: string }) {
  const style = STYLE[status] ?? { label: status, badge: "bg-slate-100 text-slate-700" };
  return (
    <span data-testid="build-status" data-status={status} className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${style.badge}`}>
      {style.label}
    </span>
  );
}

const PHASE_STYLE: Record<string, string> = { SUCCEEDED: "text-emerald-800", FAILED: "text-red-800", FAULT: "text-red-800", TIMED_OUT: "text-orange-800", STOPPED: "text-slate-700" };

/** A CodeBuild phase's status in words: running while it has none yet. */
export function PhaseStatus({ status, current }: { status: string | null; current: boolean }) {
  if (status === null) return <span className="text-brand-800">{current ? "In progress" : "—"}</span>;
  return <span className={PHASE_STYLE[status] ?? "text-slate-700"}>{status.replaceAll("_", " ").toLowerCase().replace(/^./, (c) => c.toUpperCase())}</span>;
}

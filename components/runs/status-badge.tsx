import type { RunStatus, StepStatus } from "@/lib/runs/status";
import { RUN_STATUS_LABELS, type Outcome } from "@/lib/runs/status";

type AnyStatus = RunStatus | StepStatus;

export const STATUS_STYLE: Record<AnyStatus, { badge: string; node: string; bar: string; label: string }> = {
  PENDING: { badge: "bg-slate-100 text-slate-700", node: "border-slate-300 bg-white", bar: "bg-slate-300", label: RUN_STATUS_LABELS.PENDING },
  RUNNING: { badge: "bg-brand-100 text-brand-900", node: "border-brand-600 bg-brand-50", bar: "bg-brand-600", label: RUN_STATUS_LABELS.RUNNING },
  SUCCEEDED: { badge: "bg-emerald-100 text-emerald-900", node: "border-emerald-600 bg-emerald-50", bar: "bg-emerald-600", label: RUN_STATUS_LABELS.SUCCEEDED },
  SUCCEEDED_WITH_FAILED_STEPS: { badge: "bg-amber-100 text-amber-900", node: "border-amber-600 bg-amber-50", bar: "bg-amber-600", label: RUN_STATUS_LABELS.SUCCEEDED_WITH_FAILED_STEPS },
  FAILED: { badge: "bg-red-100 text-red-900", node: "border-red-600 bg-red-50", bar: "bg-red-600", label: RUN_STATUS_LABELS.FAILED },
  TIMED_OUT: { badge: "bg-orange-100 text-orange-900", node: "border-orange-500 bg-orange-50", bar: "bg-orange-500", label: RUN_STATUS_LABELS.TIMED_OUT },
  ABORTED: { badge: "bg-slate-200 text-slate-800", node: "border-slate-500 bg-slate-100", bar: "bg-slate-500", label: RUN_STATUS_LABELS.ABORTED },
  STOPPED: { badge: "bg-slate-200 text-slate-800", node: "border-slate-500 bg-slate-100", bar: "bg-slate-500", label: "Stopped" },
};

/**
 * One colour per outcome for charts: told apart with the common colour-vision deficiencies (after Okabe and
 * Ito's palette: bluish green, orange, red, blue, grey), each at least 3:1 against white; legends name them too.
 */
export const OUTCOME_COLOURS: Record<Outcome, string> = {
  SUCCEEDED: "#009E73",
  SUCCEEDED_WITH_FAILED_STEPS: "#B26B00",
  FAILED: "#B91C1C",
  TIMED_OUT: "#0072B2",
  ABORTED: "#6B7280",
};

/** Colour and word together: status is never told by colour alone. */
export function StatusBadge({ status }: { status: AnyStatus }) {
  const style = STATUS_STYLE[status];
  return (
    <span data-testid="status" data-status={status} className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${style.badge}`}>
      {style.label}
    </span>
  );
}

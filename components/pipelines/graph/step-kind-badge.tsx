import type { Step } from "@/lib/pipelines/spec";

/** Script mode is blue, custom containers amber: the same colours as the graph's nodes. */
export const KIND_STYLE: Record<Step["kind"] | "raw", { label: string; badge: string; node: string }> = {
  script: { label: "Script mode", badge: "bg-brand-100 text-brand-900", node: "border-brand-600 bg-brand-50" },
  container: { label: "Custom container", badge: "bg-amber-100 text-amber-900", node: "border-amber-500 bg-amber-50" },
  raw: { label: "State", badge: "bg-slate-100 text-slate-700", node: "border-slate-400 bg-white" },
};

export function StepKindBadge({ kind }: { kind: Step["kind"] | "raw" }) {
  const style = KIND_STYLE[kind];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style.badge}`}>{style.label}</span>;
}

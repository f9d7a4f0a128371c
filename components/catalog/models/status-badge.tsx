import { STATUS_LABELS, type ModelStatusValue } from "@/lib/catalog/models/fields";

const COLOURS: Record<ModelStatusValue, string> = {
  INVENTORIED: "bg-slate-100 text-slate-700",
  CONTAINERISED: "bg-sky-100 text-sky-800",
  READY: "bg-indigo-100 text-indigo-800",
  APPROVED: "bg-amber-100 text-amber-800",
  LIVE: "bg-emerald-100 text-emerald-800",
};

export function StatusBadge({ status }: { status: ModelStatusValue }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${COLOURS[status]}`}>{STATUS_LABELS[status]}</span>;
}

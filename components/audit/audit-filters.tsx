import type { AuditFilters } from "@/lib/audit/trail";
import { inputClass } from "@/components/ui/input-style";
import { FilterActions } from "@/components/ui/buttons";

const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : "");

/** A GET form: the filters live in the URL, so a view can be shared and exported as it is. */
export function AuditFilterForm({ filters }: { filters: AuditFilters }) {
  const fields = [
    ["actor", "Actor (email)", filters.actor ?? "", "text"],
    ["action", "Action (e.g. deployments or deployments.approve)", filters.action ?? "", "text"],
    ["targetType", "Target type (e.g. deployment)", filters.targetType ?? "", "text"],
    ["targetId", "Target id", filters.targetId ?? "", "text"],
    ["from", "From", day(filters.from), "date"],
    ["to", "To", day(filters.to), "date"],
  ] as const;
  return (
    <form aria-label="Audit filters" method="get" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-3">
      {fields.map(([name, label, value, type]) => (
        <label key={name} className="block text-sm font-medium text-slate-700">
          {label}
          <input name={name} type={type} defaultValue={value} className={inputClass} />
        </label>
      ))}
      <FilterActions clearHref="/admin/audit" className="sm:col-span-3" />
    </form>
  );
}

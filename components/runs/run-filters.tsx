import type { RunFilters } from "@/lib/runs/filters";
import { RUN_STATUSES } from "@/lib/runs/status";
import { STATUS_STYLE } from "./status-badge";
import { compactInputClass } from "@/components/ui/input-style";
import { FilterActions } from "@/components/ui/buttons";

type Choice = { id: string; label: string };
type Props = { filters: RunFilters; models: Choice[]; pipelines: Choice[]; environments: Choice[] };

const field = compactInputClass;

function Select({ name, label, value, choices }: { name: string; label: string; value?: string; choices: Choice[] }) {
  return (
    <label className="flex flex-col gap-1 text-xs text-slate-600">
      {label}
      <select name={name} defaultValue={value ?? ""} className={field}>
        <option value="">Any</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A plain GET form: the filters live in the URL, so a filtered list can be shared and reloaded. */
export function RunFiltersForm({ filters, models, pipelines, environments }: Props) {
  return (
    <form method="get" action="/runs" className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4" aria-label="Filter runs">
      <Select name="status" label="Status" value={filters.status} choices={RUN_STATUSES.map((s) => ({ id: s, label: STATUS_STYLE[s].label }))} />
      <Select name="modelId" label="Model" value={filters.modelId} choices={models} />
      <Select name="pipelineId" label="Pipeline" value={filters.pipelineId} choices={pipelines} />
      <Select name="environmentId" label="Environment" value={filters.environmentId} choices={environments} />
      <label className="flex flex-col gap-1 text-xs text-slate-600">
        From
        <input type="date" name="from" defaultValue={filters.from?.slice(0, 10)} className={field} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-slate-600">
        To
        <input type="date" name="to" defaultValue={filters.to?.slice(0, 10)} className={field} />
      </label>
      <label className="flex min-w-64 flex-1 flex-col gap-1 text-xs text-slate-600">
        Failure reason
        <input name="failureGroup" defaultValue={filters.failureGroup} placeholder="exact failure group" className={field} />
      </label>
      <FilterActions clearHref="/runs" />
    </form>
  );
}

import type { RunFilters } from "@/lib/runs/filters";
import { RUN_STATUSES } from "@/lib/runs/status";
import { FilterFold } from "@/components/ui/filter-fold";
import { STATUS_STYLE } from "./status-badge";
import { compactInputClass } from "@/components/ui/input-style";
import { FilterActions } from "@/components/ui/buttons";

type Choice = { id: string; label: string };
type Props = { filters: RunFilters; models: Choice[]; pipelines: Choice[]; environments: Choice[] };

const field = compactInputClass;
const labelled = "flex flex-col gap-1 text-xs text-slate-700";

function Select({ name, label, value, choices }: { name: string; label: string; value?: string; choices: Choice[] }) {
  return (
    <label className={labelled}>
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

/** Each status, plus the set in the URL when a link asked for several (e.g. failed or timed out). */
function statusChoices(current: RunFilters["status"]): Choice[] {
  const single = RUN_STATUSES.map((s) => ({ id: s, label: STATUS_STYLE[s].label }));
  if (!current || current.length < 2) return single;
  return [...single, { id: current.join(","), label: current.map((s) => STATUS_STYLE[s].label).join(" or ") }];
}

/** A plain GET form: the filters live in the URL, so a filtered list can be shared and reloaded. */
export function RunFiltersForm({ filters, models, pipelines, environments }: Props) {
  const { cursor: _cursor, ...chosen } = filters;
  return (
    <FilterFold active={Object.values(chosen).filter(Boolean).length}>
      <form method="get" action="/runs" className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4" aria-label="Filter runs" role="search">
        <Select name="status" label="Status" value={filters.status?.join(",")} choices={statusChoices(filters.status)} />
        <Select name="modelId" label="Model" value={filters.modelId} choices={models} />
        <Select name="pipelineId" label="Pipeline" value={filters.pipelineId} choices={pipelines} />
        <Select name="environmentId" label="Environment" value={filters.environmentId} choices={environments} />
        <label className={labelled}>
          From
          <input type="date" name="from" defaultValue={filters.from?.slice(0, 10)} className={field} />
        </label>
        <label className={labelled}>
          To
          <input type="date" name="to" defaultValue={filters.to?.slice(0, 10)} className={field} />
        </label>
        <label className={`${labelled} min-w-0 flex-1 basis-64`}>
          Failure reason
          <input name="failureGroup" defaultValue={filters.failureGroup} placeholder="exact failure group" className={field} />
        </label>
        <FilterActions clearHref="/runs" />
      </form>
    </FilterFold>
  );
}

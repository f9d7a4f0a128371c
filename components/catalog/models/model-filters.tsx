import type { ModelListFilters } from "@/lib/catalog/models/list";
import { MODEL_STATUSES, STATUS_LABELS } from "@/lib/catalog/models/fields";
import { inputClass } from "@/components/ui/input-style";
import { FilterActions } from "@/components/ui/buttons";
import { FilterSelect } from "@/components/ui/choices";

const SORTS = [
  { value: "updated", label: "Recently updated" },
  { value: "name", label: "Name (A–Z)" },
];

type Options = { teams: string[]; owners: { id: string; name: string }[]; images: { id: string; uri: string }[] };

/** A plain GET form: the view lives in the URL, so it can be bookmarked and shared, and works without JavaScript. */
export function ModelFilters({ filters, options }: { filters: ModelListFilters; options: Options }) {
  return (
    <form method="get" action="/models" role="search" aria-label="Filter models" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-7">
      <label className="text-sm sm:col-span-3 lg:col-span-2">
        Search
        <input name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Name, description or tag" className={inputClass} />
      </label>
      <FilterSelect name="team" label="Team" value={filters.team} any="All teams" choices={options.teams.map((t) => ({ value: t, label: t }))} />
      <FilterSelect name="owner" label="Owner" value={filters.owner} any="Anyone" choices={options.owners.map((o) => ({ value: o.id, label: o.name }))} />
      <FilterSelect name="status" label="Status" value={filters.status} any="Any status" choices={MODEL_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
      <FilterSelect name="imageId" label="Image" value={filters.imageId} any="Any image" choices={options.images.map((i) => ({ value: i.id, label: i.uri.split("/").slice(1).join("/") }))} />
      <label className="text-sm">
        Tag
        <input name="tag" defaultValue={filters.tag ?? ""} placeholder="e.g. churn" className={inputClass} />
      </label>
      <FilterSelect name="sort" label="Sort" value={filters.sort} choices={SORTS} className="lg:col-span-2" />
      <FilterActions clearHref="/models" className="sm:col-span-2" />
    </form>
  );
}

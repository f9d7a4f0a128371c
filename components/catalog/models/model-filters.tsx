import Link from "next/link";
import type { ModelListFilters } from "@/lib/catalog/models/list";
import { MODEL_STATUSES, STATUS_LABELS } from "@/lib/catalog/models/fields";
import { inputClass } from "@/components/ui/input-style";

type Options = { teams: string[]; owners: { id: string; name: string }[]; images: { id: string; uri: string }[] };

/** A plain GET form: the view lives in the URL, so it can be bookmarked and shared, and works without JavaScript. */
export function ModelFilters({ filters, options }: { filters: ModelListFilters; options: Options }) {
  return (
    <form method="get" action="/models" role="search" aria-label="Filter models" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-7">
      <label className="text-sm sm:col-span-3 lg:col-span-2">
        Search
        <input name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Name, description or tag" className={inputClass} />
      </label>
      <label className="text-sm">
        Team
        <select name="team" defaultValue={filters.team ?? ""} className={inputClass}>
          <option value="">All teams</option>
          {options.teams.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        Owner
        <select name="owner" defaultValue={filters.owner ?? ""} className={inputClass}>
          <option value="">Anyone</option>
          {options.owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        Status
        <select name="status" defaultValue={filters.status ?? ""} className={inputClass}>
          <option value="">Any status</option>
          {MODEL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        Image
        <select name="imageId" defaultValue={filters.imageId ?? ""} className={inputClass}>
          <option value="">Any image</option>
          {options.images.map((i) => (
            <option key={i.id} value={i.id}>
              {i.uri.split("/").slice(1).join("/")}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        Tag
        <input name="tag" defaultValue={filters.tag ?? ""} placeholder="e.g. churn" className={inputClass} />
      </label>
      <label className="text-sm lg:col-span-2">
        Sort
        <select name="sort" defaultValue={filters.sort} className={inputClass}>
          <option value="updated">Recently updated</option>
          <option value="name">Name (A–Z)</option>
        </select>
      </label>
      <div className="flex items-end gap-2 sm:col-span-2">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white">
          Apply
        </button>
        <Link href="/models" className="px-2 py-1.5 text-sm text-slate-600 underline">
          Clear
        </Link>
      </div>
    </form>
  );
}

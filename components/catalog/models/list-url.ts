import type { ModelListFilters } from "@/lib/catalog/models/list";

/** The /models URL of a view: only the params that differ from the defaults, so shared links stay short. */
export function modelListHref(filters: Partial<ModelListFilters>, overrides: Partial<Record<keyof ModelListFilters, string | number | undefined>> = {}): string {
  const merged: Record<string, string | number | undefined> = { ...filters, ...overrides };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === "") continue;
    if ((key === "sort" && value === "updated") || (key === "limit" && value === 50)) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `/models?${query}` : "/models";
}

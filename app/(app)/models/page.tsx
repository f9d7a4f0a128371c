import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { listModels, parseModelListFilters } from "@/lib/catalog/models/list";
import { modelFormOptions } from "@/lib/catalog/models/queries";
import { ModelFilters } from "@/components/catalog/models/model-filters";
import { ModelTable } from "@/components/catalog/models/model-table";
import { modelListHref } from "@/components/catalog/models/list-url";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("catalog:read");
  const filters = parseModelListFilters(await searchParams);
  const [{ rows, nextCursor }, options] = await Promise.all([listModels(prisma, filters), modelFormOptions(prisma)]);
  const filtered = Boolean(filters.q || filters.team || filters.owner || filters.status || filters.imageId || filters.tag);
  return (
    <div className="max-w-7xl space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Models</h1>
          <p className="mt-1 text-slate-600">Every legacy model being migrated, from inventoried to live.</p>
        </div>
        {can(actor, "catalog:write") && (
          <div className="flex gap-2">
            <Link href="/models/import" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
              Import
            </Link>
            <Link href="/models/new" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white">
              New model
            </Link>
          </div>
        )}
      </div>
      <ModelFilters filters={filters} options={options} />
      {rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {filtered ? (
            <>
              No model matches this view. <Link href="/models" className="underline">Clear the filters</Link> or search for something else.
            </>
          ) : (
            <>No models yet. Create one with “New model”, or import a manifest of many.</>
          )}
        </div>
      ) : (
        <ModelTable rows={rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }))} />
      )}
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {filters.cursor && (
          <Link href={modelListHref(filters, { cursor: undefined })} className="underline">
            First page
          </Link>
        )}
        {nextCursor && (
          <Link href={modelListHref(filters, { cursor: nextCursor })} className="underline">
            Next page
          </Link>
        )}
      </nav>
    </div>
  );
}

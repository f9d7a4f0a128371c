import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { failedOnly, filtersFromSearchParams, filtersToSearch } from "@/lib/runs/filters";
import { failureGroups, filterChoices, listRuns, startableDeployments } from "@/lib/runs/list";
import { RunTable } from "@/components/runs/run-table";
import { RunFiltersForm } from "@/components/runs/run-filters";
import { BulkRunBar } from "@/components/runs/bulk-run-bar";
import { FailureGroups } from "@/components/runs/failure-groups";
import { StartRunsPanel } from "@/components/runs/start-runs-panel";
import { GridLinks } from "@/components/runs/grid/grid-links";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("catalog:read");
  const filters = filtersFromSearchParams(await searchParams);
  const canStart = can(actor, "runs:start");
  const [page, choices, groups, startable] = await Promise.all([
    listRuns(prisma, filters),
    filterChoices(prisma),
    failureGroups(prisma, 8),
    canStart ? startableDeployments(prisma) : Promise.resolve([]),
  ]);
  const search = filtersToSearch(filters);
  const failedToRedrive = failedOnly(filters);
  return (
    <div className="max-w-7xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Runs</h1>
        <p className="mt-1 text-slate-600">Executions of live deployments, kept here beyond Step Functions&apos; 90 days.</p>
      </div>
      {canStart && (
        <StartRunsPanel
          rows={startable.map((d) => ({
            id: d.id,
            model: d.model.displayName,
            team: d.model.team,
            pipeline: `${d.pipelineVersion.pipeline.name} v${d.pipelineVersion.version}`,
            environment: d.environment.name,
            lastStatus: d.runs[0]?.status ?? null,
          }))}
        />
      )}
      <section className="space-y-2">
        <h2 className="font-medium">Failure groups</h2>
        <FailureGroups groups={groups} canStart={canStart} />
      </section>
      <RunFiltersForm
        filters={filters}
        models={choices.models.map((m) => ({ id: m.id, label: m.slug }))}
        pipelines={choices.pipelines.map((p) => ({ id: p.id, label: p.name }))}
        environments={choices.environments.map((e) => ({ id: e.id, label: e.name }))}
      />
      <GridLinks modelId={filters.modelId} pipelineId={filters.pipelineId} />
      {canStart && page.runs.length > 0 && <BulkRunBar label="The listed runs" targets={{ stop: search, rerun: search, redrive: failedToRedrive === null ? undefined : filtersToSearch(failedToRedrive) }} />}
      {page.runs.length ? (
        <RunTable runs={page.runs} />
      ) : (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          {search ? "No run matches these filters. Clear them to see every run." : "No runs yet. Start one from a live deployment above."}
        </p>
      )}
      <nav className="flex gap-4 text-sm">
        {filters.cursor && (
          <Link href={`/runs${search ? `?${search}` : ""}`} className="text-brand-700 hover:underline">
            ← First page
          </Link>
        )}
        {page.nextCursor && (
          <Link href={`/runs?${filtersToSearch(filters, { cursor: page.nextCursor })}`} className="text-brand-700 hover:underline">
            Next page →
          </Link>
        )}
      </nav>
    </div>
  );
}

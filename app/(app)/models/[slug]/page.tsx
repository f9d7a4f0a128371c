import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { findModel, modelAccess, modelFormOptions } from "@/lib/catalog/models/queries";
import { TransferOwnership } from "@/components/catalog/models/transfer-ownership";
import { slugField } from "@/lib/catalog/models/fields";
import { ModelOverview } from "@/components/catalog/models/model-overview";
import { MissingList } from "@/components/catalog/models/missing-list";
import { ModelScripts } from "@/components/catalog/models/model-scripts";
import { ModelHistory } from "@/components/catalog/models/model-history";
import { CodeVersions } from "@/components/catalog/models/code-versions";
import { StatusBadge } from "@/components/catalog/models/status-badge";
import { ScriptUpload } from "@/components/catalog/scripts/script-upload";
import { GitPanel } from "@/components/catalog/git/git-panel";
import { repositoryView } from "@/lib/catalog/git/queries";
import { liveDeploymentsOf } from "@/lib/deployments/queries";
import { modelRunHistory } from "@/lib/runs/model-history";
import { GRID_RUNS_ON_MODEL_PAGE, runGrid } from "@/lib/runs/grid";
import { ModelRunControls } from "@/components/runs/model-run-controls";
import { ModelRunHistory } from "@/components/runs/model-run-history";
import { ModelRunGrid } from "@/components/runs/grid/model-run-grid";
import { ModelInput } from "@/components/input-data/model-input";

export const metadata: Metadata = { title: "Model" };

export default async function ModelPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requireActor("catalog:read");
  const slug = slugField.safeParse((await params).slug);
  if (!slug.success) notFound();
  const model = await findModel(prisma, slug.data);
  if (!model) notFound();
  const [access, live, history, grid, repository] = await Promise.all([
    modelAccess(prisma, actor, model),
    liveDeploymentsOf(prisma, model.id),
    modelRunHistory(prisma, model.id),
    runGrid(prisma, { modelId: model.id }, GRID_RUNS_ON_MODEL_PAGE),
    repositoryView(prisma, model.id),
  ]);
  const owners = access.canTransfer ? (await modelFormOptions(prisma)).owners : [];
  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/models" className="underline">Models</Link> / <span className="font-mono">{model.slug}</span>
          </p>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold">
            {model.displayName} <StatusBadge status={model.status} />
          </h1>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {access.canEdit && (
            <Link href={`/models/${model.slug}/edit`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
              Edit
            </Link>
          )}
          {access.canTransfer && <TransferOwnership modelId={model.id} slug={model.slug} owners={owners} />}
        </div>
      </div>
      <MissingList missing={model.missing} />
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="text-lg font-semibold">Runs</h2>
        <ModelRunControls deployments={live} canRun={can(actor, "runs:start")} />
        <ModelRunHistory modelId={model.id} history={history} />
        <ModelRunGrid modelId={model.id} slug={model.slug} grid={grid} />
      </section>
      <ModelOverview model={model} />
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="text-lg font-semibold">Scripts</h2>
        <ModelScripts modelId={model.id} scripts={model.scripts} canWrite={access.canEdit} />
        <CodeVersions versions={model.codeVersions} />
        {access.canEdit && <ScriptUpload modelId={model.id} />}
        <GitPanel modelId={model.id} repository={repository} canImport={access.canEdit} />
      </section>
      <section aria-label="Input data" className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="text-lg font-semibold">Input data</h2>
        <ModelInput modelId={model.id} canUpload={access.canEdit} />
      </section>
      <section className="space-y-2 rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="text-lg font-semibold">History</h2>
        <ModelHistory history={model.history} />
      </section>
    </div>
  );
}

import type { EnvironmentOption, PipelineVersionSummary } from "@/lib/pipelines/queries";
import { formatDateTime, shortHash } from "@/components/ui/format";
import { ExportLinks } from "./export-links";
import { ReleaseList } from "./release-list";
import { DeployForm } from "./deploy-form";

export function VersionCard({ version, environments, canDeploy }: { version: PipelineVersionSummary; environments: readonly EnvironmentOption[]; canDeploy: boolean }) {
  return (
    <article aria-label={`Version ${version.version}`} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 className="font-semibold">v{version.version}</h3>
        <code title={version.contentHash} className="text-xs text-slate-500">
          {shortHash(version.contentHash)}
        </code>
        <span className="text-sm text-slate-600">
          published by {version.publishedBy.name}, {formatDateTime(version.publishedAt)}
        </span>
      </header>
      <ExportLinks versionId={version.id} />
      <ReleaseList releases={version.releases} />
      {canDeploy && <DeployForm versionId={version.id} version={version.version} environments={environments} />}
    </article>
  );
}

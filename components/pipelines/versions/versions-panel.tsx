import type { EnvironmentOption, PipelineVersionSummary } from "@/lib/pipelines/queries";
import { VersionCard } from "./version-card";
import { CompareForm } from "./compare-form";

type Props = { pipelineId: string; versions: readonly PipelineVersionSummary[]; environments: readonly EnvironmentOption[]; canDeploy: boolean };

/** Published versions, newest first: compare two, deploy one, download what it generates. */
export function VersionsPanel({ pipelineId, versions, environments, canDeploy }: Props) {
  return (
    <section aria-labelledby="versions-heading" className="space-y-3">
      <h2 id="versions-heading" className="text-lg font-semibold">
        Versions
      </h2>
      {versions.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
          Nothing published yet. Publish the draft to freeze it as version 1; then it can be deployed, exported and compared.
        </p>
      ) : (
        <>
          {versions.length > 1 && <CompareForm pipelineId={pipelineId} versions={versions.map((v) => v.version)} />}
          <ul className="space-y-3">
            {versions.map((version) => (
              <li key={version.id}>
                <VersionCard version={version} environments={environments} canDeploy={canDeploy} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

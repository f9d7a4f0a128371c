import Link from "next/link";
import { StartRunButton } from "./start-run-button";
import { StartWithChanges } from "./start-with-changes";

type LiveDeployment = { id: string; environment: { name: string }; pipelineVersion: { version: number; pipeline: { name: string } } };

/** Run buttons for a model's live deployments, or what to do when there is none. */
export function ModelRunControls({ deployments, canRun }: { deployments: LiveDeployment[]; canRun: boolean }) {
  if (deployments.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        Not live anywhere yet. <Link href="/deployments/new" className="underline">Request a deployment</Link> to run it.
      </p>
    );
  }
  return (
    <ul className="flex flex-wrap gap-3" aria-label="Live deployments">
      {deployments.map((d) => (
        <li key={d.id} className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm">
          <span>
            {d.pipelineVersion.pipeline.name} v{d.pipelineVersion.version} in <strong>{d.environment.name}</strong>
          </span>
          {canRun && <StartRunButton deploymentId={d.id} label={deployments.length > 1 ? `Run in ${d.environment.name}` : "Run"} />}
          {canRun && <StartWithChanges source={{ deploymentId: d.id }} label="Run with changes…" />}
        </li>
      ))}
    </ul>
  );
}

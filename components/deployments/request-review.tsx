import type { RequestPreview } from "@/lib/deployments/preview";
import { JsonView } from "@/components/ui/json-view";
import { DiffView } from "@/components/ui/diff-view";
import type { Artifacts } from "@/lib/deployments/artifacts";
import { ArtifactList } from "./artifact-list";
import { PreflightList } from "./preflight-list";

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

type Approved = { artifacts: Artifacts; fingerprint: string; changed: readonly string[] };

/**
 * What a reviewer judges: pre-flight, the exact execution input, the IAM policies, the change against live, and
 * the artifacts. On a request's page `approved` is what the request bound, marked where the catalog now differs.
 */
export function RequestReview({ preview, approved }: { preview: RequestPreview; approved?: Approved }) {
  return (
    <div className="space-y-4">
      <Panel title="Pre-flight">
        <PreflightList items={preview.preflight} />
      </Panel>
      <Panel title="Execution input">
        <p className="text-sm text-slate-600">
          Exactly what every run of state machine <span className="font-mono">{preview.stateMachineName}</span> receives.
        </p>
        {preview.executionInput ? (
          <JsonView label="Execution input" value={preview.executionInput} />
        ) : (
          <p role="alert" className="text-sm text-red-700">
            The input does not validate: {preview.executionInputProblems.join("; ")}
          </p>
        )}
      </Panel>
      <Panel title="IAM policies">
        <p className="text-sm text-slate-600">Attach these to the state machine role and the SageMaker execution role of the environment.</p>
        <div className="grid gap-3 lg:grid-cols-2">
          <JsonView label="State machine role policy" value={preview.policies.stateMachineRole} />
          <JsonView label="SageMaker execution role policy" value={preview.policies.sagemakerRole} />
        </div>
      </Panel>
      <Panel title="Changes against the live deployment">
        {preview.live ? (
          <>
            <p className="text-sm text-slate-700">
              Live now: {preview.live.label}. {preview.live.changes.length ? `Changes: ${preview.live.changes.join("; ")}.` : "Nothing changes."}
            </p>
            <DiffView title="Artifacts diff" lines={preview.live.diff} />
          </>
        ) : (
          <p className="text-sm text-slate-600">Nothing of this model is live in this environment yet: everything is new.</p>
        )}
      </Panel>
      <Panel title="Artifacts">
        <p className="text-sm text-slate-600">
          {approved ? "The approval covers exactly these" : "A request covers exactly these"}; fingerprint{" "}
          <span data-testid="artifact-fingerprint" className="font-mono">{approved?.fingerprint ?? preview.fingerprint}</span>.
        </p>
        <ArtifactList artifacts={approved?.artifacts ?? preview.artifacts} changed={approved?.changed} />
      </Panel>
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { rerunAction, startInputAction, startRunAction } from "@/app/(app)/runs/actions";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";
import { inputClass } from "@/components/ui/input-style";
import { JsonView } from "@/components/ui/json-view";
import { PROCESSING_INSTANCE_TYPES } from "@/lib/aws/instance-types";
import type { ExecutionInput } from "@/lib/pipelines/input";

type Source = { deploymentId: string } | { runId: string };
type Loaded = { approved: ExecutionInput; input: ExecutionInput; steps: { key: string; name: string }[] };
type StepResources = ExecutionInput["Steps"][string];
const RESOURCE_FIELDS = [
  { key: "VolumeSizeInGB", label: "Volume (GB)" },
  { key: "MaxRuntimeInSeconds", label: "Time limit (s)" },
] as const;

function LocationField({ name, label, value, root, onChange }: { name: "InputUri" | "OutputUri"; label: string; value: string; root: string; onChange: (value: string) => void }) {
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      <input name={`input.${name}`} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} font-mono`} />
      <span className="mt-0.5 block text-xs font-normal text-slate-600">Inside {root}</span>
    </label>
  );
}

function StepFields({ stepKey, name, resources, onChange }: { stepKey: string; name: string; resources: StepResources; onChange: (patch: Partial<StepResources>) => void }) {
  return (
    <fieldset className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-3">
      <legend className="px-1 text-sm font-medium">{name}</legend>
      <label className="block text-xs font-medium text-slate-600">
        Instance type
        <select name={`input.Steps.${stepKey}.InstanceType`} value={resources.InstanceType} onChange={(e) => onChange({ InstanceType: e.target.value })} className={inputClass}>
          {PROCESSING_INSTANCE_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      </label>
      {RESOURCE_FIELDS.map((field) => (
        <label key={field.key} className="block text-xs font-medium text-slate-600">
          {field.label}
          <input type="number" name={`input.Steps.${stepKey}.${field.key}`} value={resources[field.key]} onChange={(e) => onChange({ [field.key]: e.target.valueAsNumber })} className={inputClass} />
        </label>
      ))}
    </fieldset>
  );
}

/** What an approval binds and a run cannot change: said plainly, so nobody looks for the field. */
function LockedValues({ input, steps }: { input: ExecutionInput; steps: Loaded["steps"] }) {
  const images = steps.map((s) => `${s.name}: ${input.Steps[s.key]?.ImageUri ?? "—"}`);
  return (
    <div className="rounded-md bg-slate-50 p-3 text-xs text-slate-700">
      <p className="font-medium">Fixed by the approval (a change needs a new deployment request):</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 font-mono">
        <li>Role {input.RoleArn}</li>
        {input.CodeUri && <li>Code {input.CodeUri}</li>}
        {images.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

function EditForm({ source, loaded, onDone }: { source: Source; loaded: Loaded; onDone: () => void }) {
  const router = useRouter();
  const [draft, setDraft] = useState<ExecutionInput>(loaded.input);
  const start = useAction(startRunAction);
  const rerun = useAction(rerunAction);
  const setStep = (key: string, patch: Partial<StepResources>) => setDraft((d) => ({ ...d, Steps: { ...d.Steps, [key]: { ...d.Steps[key], ...patch } as StepResources } }));
  async function submit() {
    const message = (data: { status: string; error?: string }) => (data.status === "FAILED" ? `The run could not start: ${data.error ?? "see the run"}` : "Run started with the edited input");
    const result = "runId" in source ? await rerun.run({ runId: source.runId, input: draft }, message) : await start.run({ deploymentId: source.deploymentId, input: draft }, message);
    if (!result.ok) return;
    onDone();
    router.push(`/runs/${result.data.runId}`);
  }
  return (
    <form aria-label="Execution input" onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }} className="space-y-3">
      <p className="text-sm text-slate-600">Change where this run reads and writes its data (inside the approved locations) and how its jobs are sized. The input is checked against the pipeline&apos;s input schema before anything starts.</p>
      {loaded.approved.InputUri !== undefined && <LocationField name="InputUri" label="Input data" value={draft.InputUri ?? ""} root={loaded.approved.InputUri} onChange={(InputUri) => setDraft((d) => ({ ...d, InputUri }))} />}
      <LocationField name="OutputUri" label="Output location" value={draft.OutputUri} root={loaded.approved.OutputUri} onChange={(OutputUri) => setDraft((d) => ({ ...d, OutputUri }))} />
      {loaded.steps.map((step) => {
        const resources = draft.Steps[step.key];
        return resources ? <StepFields key={step.key} stepKey={step.key} name={step.name} resources={resources} onChange={(patch) => setStep(step.key, patch)} /> : null;
      })}
      <LockedValues input={loaded.approved} steps={loaded.steps} />
      <details>
        <summary className="cursor-pointer text-sm text-brand-700">Review the whole execution input</summary>
        <JsonView label="Edited execution input" value={draft} />
      </details>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onDone} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
          Cancel
        </button>
        <button type="submit" disabled={start.pending || rerun.pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {start.pending || rerun.pending ? "Starting…" : "Start with this input"}
        </button>
      </div>
    </form>
  );
}

/**
 * "Run with changes…" (from a live deployment) or "Re-run with changes…" (from any run): a dialog to review and
 * edit the execution input before starting. The server checks it again; see lib/runs/edited-input.ts.
 */
export function StartWithChanges({ source, label }: { source: Source; label: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState(false);
  async function open() {
    setLoading(true);
    const result = await startInputAction(source);
    setLoading(false);
    if (!result.ok) return void toast.error(result.error);
    setLoaded({ approved: result.data.approved as unknown as ExecutionInput, input: result.data.input as unknown as ExecutionInput, steps: result.data.steps });
  }
  return (
    <>
      <button type="button" onClick={() => void open()} disabled={loading} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50">
        {loading ? "Loading…" : label}
      </button>
      <Dialog open={loaded !== null} title="Review and edit the execution input" onClose={() => setLoaded(null)} wide>
        {loaded && <EditForm source={source} loaded={loaded} onDone={() => setLoaded(null)} />}
      </Dialog>
    </>
  );
}

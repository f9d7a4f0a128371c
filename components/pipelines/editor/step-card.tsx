"use client";

import type { ReactNode } from "react";
import { ArrowDown, ArrowUp, X } from "lucide-react";
import type { Step } from "@/lib/pipelines/spec";
import { Field } from "@/components/ui/field";
import { inputClass } from "@/components/ui/input-style";
import { TextField } from "@/components/ui/text-field";
import { LinesField } from "@/components/ui/lines-field";
import { StepInputs } from "./step-inputs";
import { StepOutputs } from "./step-outputs";
import { EnvironmentEditor } from "./environment-editor";
import { RetryEditor } from "./retry-editor";
import { StepKindBadge } from "../graph/step-kind-badge";

type Props = {
  step: Step;
  index: number;
  count: number;
  earlier: { step: string; stepName: string; output: string }[];
  onChange: (step: Step) => void;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
};

const STAGES = [
  { value: "PREPROCESS", label: "Preprocess" },
  { value: "INFERENCE", label: "Inference" },
  { value: "POSTPROCESS", label: "Postprocess" },
] as const;

/** One step of the pipeline, every field labelled; issues appear next to the field they concern. */
export function StepCard({ step, index, count, earlier, onChange, onMove, onRemove }: Props) {
  const path = `steps.${index}`;
  const label = `Step ${index + 1}`;
  return (
    <section aria-label={label} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4">
      <header className="flex items-center gap-2">
        <span className="text-sm font-semibold text-slate-500">{index + 1}.</span>
        <StepKindBadge kind={step.kind} />
        <span className="min-w-0 flex-1 truncate font-medium">{step.name || "(unnamed step)"}</span>
        <IconButton label={`Move ${label.toLowerCase()} up`} disabled={index === 0} onClick={() => onMove(-1)} icon={<ArrowUp className="h-4 w-4" aria-hidden />} />
        <IconButton label={`Move ${label.toLowerCase()} down`} disabled={index === count - 1} onClick={() => onMove(1)} icon={<ArrowDown className="h-4 w-4" aria-hidden />} />
        <IconButton label={`Remove ${label.toLowerCase()}`} disabled={count === 1} onClick={onRemove} icon={<X className="h-4 w-4" aria-hidden />} />
      </header>

      <div className="grid grid-cols-[8rem_1fr] gap-2">
        <TextField label="Key" path={`${path}.key`} value={step.key} onChange={(key) => onChange({ ...step, key })} mono />
        <TextField label="Name" path={`${path}.name`} value={step.name} onChange={(name) => onChange({ ...step, name })} />
      </div>

      {step.kind === "script" ? (
        <Field label="Stage (which of the model's scripts runs, on its framework image)" path={`${path}.stage`}>
          {(control) => (
            <select {...control} value={step.stage} onChange={(event) => onChange({ ...step, stage: event.target.value as typeof step.stage })} className={inputClass}>
              {STAGES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <div className="grid grid-cols-2 gap-2">
          <LinesField label="Entrypoint (one per line; empty = the image's own)" path={`${path}.entrypoint`} values={step.entrypoint} onChange={(entrypoint) => onChange({ ...step, entrypoint })} placeholder="python3" />
          <LinesField label="Arguments (one per line)" path={`${path}.arguments`} values={step.arguments} onChange={(args) => onChange({ ...step, arguments: args })} />
        </div>
      )}

      <StepInputs path={`${path}.inputs`} inputs={step.inputs} earlier={earlier} onChange={(inputs) => onChange({ ...step, inputs })} />
      <StepOutputs path={`${path}.outputs`} outputs={step.outputs} onChange={(outputs) => onChange({ ...step, outputs })} />
      <EnvironmentEditor path={`${path}.environment`} environment={step.environment} onChange={(environment) => onChange({ ...step, environment })} />
      <RetryEditor path={`${path}.retry`} retry={step.retry} onChange={(retry) => onChange({ ...step, retry })} />

      <div className="grid grid-cols-2 gap-2">
        <Field label="When the job fails" path={`${path}.onFailure`}>
          {(control) => (
            <select {...control} value={step.onFailure} onChange={(event) => onChange({ ...step, onFailure: event.target.value === "continue" ? "continue" : "fail" })} className={inputClass}>
              <option value="fail">Stop the pipeline</option>
              <option value="continue">Record the error and go on</option>
            </select>
          )}
        </Field>
        <label className="mt-5 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={step.networkIsolation} onChange={(event) => onChange({ ...step, networkIsolation: event.target.checked })} className="accent-brand-600" />
          Network isolation (no internet from the job)
        </label>
      </div>

      <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
        Left to each model, in the execution input under <code className="font-mono">Steps.{step.key || "…"}</code>: image, instance type, volume size and
        maximum runtime{step.kind === "script" ? ", and the script entrypoint" : ""}.
      </p>
    </section>
  );
}

function IconButton({ label, disabled, onClick, icon }: { label: string; disabled: boolean; onClick: () => void; icon: ReactNode }) {
  return (
    <button type="button" aria-label={label} title={label} disabled={disabled} onClick={onClick} className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 disabled:opacity-30">
      {icon}
    </button>
  );
}

"use client";

import type { InputSource, Step } from "@/lib/pipelines/spec";
import { Field, GroupIssues } from "@/components/ui/field";
import { inputClass } from "@/components/ui/input-style";
import { TextField } from "@/components/ui/text-field";
import { RowButton } from "@/components/ui/row-button";

type StepInput = Step["inputs"][number];
type EarlierOutput = { step: string; stepName: string; output: string };

function sourceValue(source: InputSource): string {
  return source.type === "step-output" ? `step-output:${source.step}:${source.output}` : source.type;
}

function sourceFrom(value: string): InputSource {
  if (value === "model-input" || value === "model-code") return { type: value };
  const [, step = "", output = ""] = value.split(":");
  return { type: "step-output", step, output };
}

/** Where each input comes from (the model's data or code, or an earlier step's output) and where the job sees it. */
export function StepInputs({ path, inputs, earlier, onChange }: { path: string; inputs: readonly StepInput[]; earlier: readonly EarlierOutput[]; onChange: (inputs: StepInput[]) => void }) {
  const update = (index: number, patch: Partial<StepInput>) => onChange(inputs.map((input, i) => (i === index ? { ...input, ...patch } : input)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">Inputs</legend>
      {inputs.map((input, index) => {
        const label = `Input ${index + 1}`;
        const current = sourceValue(input.source);
        const known = current === "model-input" || current === "model-code" || earlier.some((o) => `step-output:${o.step}:${o.output}` === current);
        return (
          <div key={index} className="grid grid-cols-[8rem_1fr_auto] items-start gap-x-2 gap-y-1 border-l-2 border-slate-100 pl-2">
            <TextField label={`${label} channel`} path={`${path}.${index}.name`} value={input.name} onChange={(name) => update(index, { name })} mono />
            <Field label={`${label} source`} path={`${path}.${index}.source`}>
              {(control) => (
                <select {...control} value={current} onChange={(event) => update(index, { source: sourceFrom(event.target.value) })} className={inputClass}>
                  <option value="model-input">The model&apos;s input data</option>
                  <option value="model-code">The model&apos;s code</option>
                  {earlier.map((o) => (
                    <option key={`${o.step}:${o.output}`} value={`step-output:${o.step}:${o.output}`}>
                      Output “{o.output}” of {o.stepName}
                    </option>
                  ))}
                  {!known && <option value={current}>Missing: {current.replace(/^step-output:/, "")}</option>}
                </select>
              )}
            </Field>
            <RowButton label={`Remove ${label.toLowerCase()}`} onClick={() => onChange(inputs.filter((_, i) => i !== index))} />
            <TextField
              label={`${label} local path`}
              path={`${path}.${index}.localPath`}
              value={input.localPath}
              onChange={(localPath) => update(index, { localPath })}
              className="col-span-2"
              mono
            />
          </div>
        );
      })}
      <GroupIssues path={path} />
      <button
        type="button"
        onClick={() => onChange([...inputs, { name: `in${inputs.length + 1}`, source: { type: "model-input" }, localPath: `/opt/ml/processing/input/in${inputs.length + 1}/` }])}
        className="text-sm text-brand-700 hover:underline"
      >
        + Add input
      </button>
    </fieldset>
  );
}

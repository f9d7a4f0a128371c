"use client";

import type { Step } from "@/lib/pipelines/spec";
import { GroupIssues } from "@/components/ui/field";
import { TextField } from "@/components/ui/text-field";
import { RowButton } from "@/components/ui/row-button";

type StepOutput = Step["outputs"][number];

/** What the job writes (under its LocalPath), uploaded to `<OutputUri><execution>/<step>/<channel>/`. */
export function StepOutputs({ path, outputs, onChange }: { path: string; outputs: readonly StepOutput[]; onChange: (outputs: StepOutput[]) => void }) {
  const update = (index: number, patch: Partial<StepOutput>) => onChange(outputs.map((output, i) => (i === index ? { ...output, ...patch } : output)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">Outputs</legend>
      {outputs.map((output, index) => {
        const label = `Output ${index + 1}`;
        return (
          <div key={index} className="grid grid-cols-[1fr_2fr_auto] items-start gap-2">
            <TextField label={`${label} channel`} path={`${path}.${index}.name`} value={output.name} onChange={(name) => update(index, { name })} mono />
            <TextField label={`${label} local path`} path={`${path}.${index}.localPath`} value={output.localPath} onChange={(localPath) => update(index, { localPath })} mono />
            <RowButton label={`Remove ${label.toLowerCase()}`} onClick={() => onChange(outputs.filter((_, i) => i !== index))} />
          </div>
        );
      })}
      <GroupIssues path={path} />
      <button
        type="button"
        onClick={() => onChange([...outputs, { name: `out${outputs.length + 1}`, localPath: `/opt/ml/processing/output/out${outputs.length + 1}` }])}
        className="text-sm text-brand-700 hover:underline"
      >
        + Add output
      </button>
    </fieldset>
  );
}

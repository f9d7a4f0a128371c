"use client";

import type { PipelineSpec, Step } from "@/lib/pipelines/spec";
import { TextField } from "@/components/ui/text-field";
import { StepCard } from "./step-card";
import { GroupIssues } from "@/components/ui/field";
import { earlierOutputs, moveStep, newStep, removeStep, replaceStep } from "./steps";

/** The ordered step cards of a spec, with the buttons that add steps of either kind. */
export function SpecForm({ spec, onChange }: { spec: PipelineSpec; onChange: (spec: PipelineSpec) => void }) {
  const add = (kind: Step["kind"]) => onChange({ ...spec, steps: [...spec.steps, newStep(spec, kind)] });
  return (
    <div className="space-y-4">
      <TextField label="Description" path="description" value={spec.description} onChange={(description) => onChange({ ...spec, description })} />
      <GroupIssues path="steps" />
      {spec.steps.map((step, index) => (
        <StepCard
          key={index}
          step={step}
          index={index}
          count={spec.steps.length}
          earlier={earlierOutputs(spec, index)}
          onChange={(next) => onChange(replaceStep(spec, index, next))}
          onMove={(offset) => onChange(moveStep(spec, index, offset))}
          onRemove={() => onChange(removeStep(spec, index))}
        />
      ))}
      <div className="flex gap-2">
        <AddButton onClick={() => add("script")}>Add script step</AddButton>
        <AddButton onClick={() => add("container")}>Add container step</AddButton>
      </div>
    </div>
  );
}

function AddButton({ onClick, children }: { onClick: () => void; children: string }) {
  return (
    <button type="button" onClick={onClick} className="rounded-md border border-dashed border-slate-400 px-3 py-1.5 text-sm text-slate-700 hover:border-brand-600 hover:text-brand-700">
      + {children}
    </button>
  );
}

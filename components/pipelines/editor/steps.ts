import type { PipelineSpec, Step } from "@/lib/pipelines/spec";

/** Pure edits of a spec the editor makes; each returns a new spec so React sees the change. */

function freeKey(spec: PipelineSpec, prefix: string): string {
  const taken = new Set(spec.steps.map((s) => s.key));
  for (let n = 1; ; n += 1) {
    const key = `${prefix}${n}`;
    if (!taken.has(key)) return key;
  }
}

function freeName(spec: PipelineSpec, base: string): string {
  const taken = new Set(spec.steps.map((s) => s.name));
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base} ${n}`;
    if (!taken.has(name)) return name;
  }
}

/** A new step reads the previous step's first output, so the chain stays connected by default. */
export function newStep(spec: PipelineSpec, kind: Step["kind"]): Step {
  const previous = spec.steps.at(-1);
  const previousOutput = previous?.outputs[0];
  const fromPrevious = previous && previousOutput
    ? [{ name: previousOutput.name, source: { type: "step-output" as const, step: previous.key, output: previousOutput.name }, localPath: "/opt/ml/processing/input/data/" }]
    : [{ name: "input-data", source: { type: "model-input" as const }, localPath: "/opt/ml/processing/input/data/" }];
  const base = { inputs: fromPrevious, outputs: [{ name: "output", localPath: "/opt/ml/processing/output" }], environment: {}, networkIsolation: true, retry: null, onFailure: "fail" as const };
  if (kind === "script") {
    return {
      ...base,
      kind,
      key: freeKey(spec, "s"),
      name: freeName(spec, "Script step"),
      stage: "INFERENCE",
      inputs: [...fromPrevious, { name: "code", source: { type: "model-code" }, localPath: "/opt/ml/processing/input/code/" }],
    };
  }
  return { ...base, kind, key: freeKey(spec, "c"), name: freeName(spec, "Container step"), entrypoint: [], arguments: [] };
}

export function replaceStep(spec: PipelineSpec, index: number, step: Step): PipelineSpec {
  const previous = spec.steps[index];
  const steps = spec.steps.map((s, i) => (i === index ? step : s));
  // Keep later steps' inputs pointing at this step when its key changes.
  const renamed = previous && previous.key !== step.key ? { from: previous.key, to: step.key } : null;
  if (!renamed) return { ...spec, steps };
  return {
    ...spec,
    steps: steps.map((s) => ({
      ...s,
      inputs: s.inputs.map((input) =>
        input.source.type === "step-output" && input.source.step === renamed.from ? { ...input, source: { ...input.source, step: renamed.to } } : input,
      ),
    })),
  };
}

export function moveStep(spec: PipelineSpec, index: number, offset: -1 | 1): PipelineSpec {
  const target = index + offset;
  if (target < 0 || target >= spec.steps.length) return spec;
  const steps = [...spec.steps];
  const [moved] = steps.splice(index, 1);
  if (moved) steps.splice(target, 0, moved);
  return { ...spec, steps };
}

export function removeStep(spec: PipelineSpec, index: number): PipelineSpec {
  return { ...spec, steps: spec.steps.filter((_, i) => i !== index) };
}

/** Outputs of the steps before `index`: what an input of that step may read. */
export function earlierOutputs(spec: PipelineSpec, index: number): { step: string; stepName: string; output: string }[] {
  return spec.steps.slice(0, index).flatMap((s) => s.outputs.map((o) => ({ step: s.key, stepName: s.name, output: o.name })));
}

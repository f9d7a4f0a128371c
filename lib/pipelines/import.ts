import { z } from "zod";
import type { PipelineDraft } from "./draft";
import { PipelineSpec, STEP_KEY_MAX, type InputSource, type Step } from "./spec";

/**
 * Turns an existing definition (such as the AWS sample) into an editable pipeline when it is a straight
 * chain of SageMaker Processing tasks; anything else is kept as a raw definition. Either way the caller
 * learns why, so nobody wonders where their Choice state went.
 */
const PROCESSING_RESOURCES = new Set(["arn:aws:states:::sagemaker:createProcessingJob.sync", "arn:aws:states:::sagemaker:createProcessingJob"]);

const S3Input = z.object({ LocalPath: z.string(), "S3Uri.$": z.string().optional(), S3Uri: z.string().optional() });
const TaskState = z.object({
  Type: z.literal("Task"),
  Resource: z.string(),
  Next: z.string().optional(),
  End: z.boolean().optional(),
  Retry: z.array(z.object({ ErrorEquals: z.array(z.string()), IntervalSeconds: z.number().optional(), BackoffRate: z.number().optional(), MaxAttempts: z.number().optional() })).optional(),
  Catch: z.array(z.object({ ErrorEquals: z.array(z.string()), Next: z.string() })).optional(),
  Parameters: z.object({
    "ProcessingJobName.$": z.string().optional(),
    ProcessingInputs: z.array(z.object({ InputName: z.string(), S3Input })).default([]),
    ProcessingOutputConfig: z.object({ Outputs: z.array(z.object({ OutputName: z.string(), S3Output: z.object({ LocalPath: z.string() }) })) }),
    AppSpecification: z.object({
      ContainerEntrypoint: z.array(z.string()).optional(),
      "ContainerEntrypoint.$": z.string().optional(),
      ContainerArguments: z.array(z.string()).optional(),
    }),
    Environment: z.record(z.string(), z.string()).optional(),
    NetworkConfig: z.object({ EnableNetworkIsolation: z.boolean().optional() }).optional(),
  }),
});
type TaskState = z.infer<typeof TaskState>;

const Definition = z.object({ StartAt: z.string(), States: z.record(z.string(), z.unknown()), Comment: z.string().optional() });

export type ImportResult = { draft: PipelineDraft; notes: string[] };

/** Channel names follow SageMaker's rule (letters, digits, hyphens); the sample's "input_data" becomes "input-data". */
const channel = (name: string) => name.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "data";

/** Ferry's own definitions carry the step key in the job name format: `'{}-<key>-{}-{}'`. */
function stepKey(name: string, jobName: string | undefined, taken: Set<string>): string {
  const own = /^States\.Format\('\{\}-([a-z][a-z0-9]*)-\{\}-\{\}'/.exec(jobName ?? "")?.[1];
  if (own && !taken.has(own)) {
    taken.add(own);
    return own;
  }
  const base = name.toLowerCase().replace(/[^a-z0-9]/g, "").replace(/^[0-9]+/, "").slice(0, STEP_KEY_MAX - 1) || "s";
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base.slice(0, STEP_KEY_MAX - String(i).length)}${i}`;
  taken.add(key);
  return key;
}

const STAGES = [
  ["PREPROCESS", /pre/i],
  ["POSTPROCESS", /post/i],
  ["INFERENCE", /infer|predict|score/i],
] as const;

function stageOf(name: string): Extract<Step, { kind: "script" }>["stage"] {
  return STAGES.find(([, pattern]) => pattern.test(name))?.[0] ?? "PREPROCESS";
}

/** A "python <file>.py" entrypoint is script mode: the file comes from the model's scripts, not the image. */
function isScriptMode(app: TaskState["Parameters"]["AppSpecification"]): boolean {
  if (app["ContainerEntrypoint.$"]?.endsWith(".Entrypoint")) return true;
  const entrypoint = app.ContainerEntrypoint;
  return !!entrypoint && entrypoint.length === 2 && /^python3?$/.test(entrypoint[0] ?? "") && /\.py$/.test(entrypoint[1] ?? "");
}

const FERRY_OUTPUT = /^States\.Format\('\{\}\{\}\/([a-z][a-z0-9]*)\/([A-Za-z0-9-]+)\/'/;

/** Where an input reads from: Ferry's own paths are exact; other definitions get the sample's conventions. */
function sourceOf(input: { InputName: string; S3Input: z.infer<typeof S3Input> }, previous: Step | undefined): InputSource {
  const path = input.S3Input["S3Uri.$"] ?? "";
  const ferry = FERRY_OUTPUT.exec(path);
  if (ferry?.[1] && ferry[2]) return { type: "step-output", step: ferry[1], output: ferry[2] };
  if (path === "$.CodeUri" || /code|script/i.test(`${input.InputName} ${path}`)) return { type: "model-code" };
  if (path === "$.InputUri" || !previous?.outputs[0]) return { type: "model-input" };
  return { type: "step-output", step: previous.key, output: previous.outputs[0].name };
}

function toStep(name: string, state: TaskState, previous: Step | undefined, taken: Set<string>): Step {
  const p = state.Parameters;
  const inputs = p.ProcessingInputs.map((input) => ({ name: channel(input.InputName), source: sourceOf(input, previous), localPath: input.S3Input.LocalPath }));
  const retry = state.Retry?.[0];
  const common = {
    key: stepKey(name, p["ProcessingJobName.$"], taken),
    name,
    inputs,
    outputs: p.ProcessingOutputConfig.Outputs.map((o) => ({ name: channel(o.OutputName), localPath: o.S3Output.LocalPath })),
    environment: p.Environment ?? {},
    networkIsolation: p.NetworkConfig?.EnableNetworkIsolation ?? false,
    retry: retry
      ? { errors: retry.ErrorEquals, intervalSeconds: retry.IntervalSeconds ?? 1, backoffRate: retry.BackoffRate ?? 2, maxAttempts: retry.MaxAttempts ?? 3 }
      : null,
    onFailure: state.Catch?.some((c) => c.ErrorEquals.includes("States.ALL")) ? ("continue" as const) : ("fail" as const),
  };
  if (isScriptMode(p.AppSpecification)) return { ...common, kind: "script", stage: stageOf(name) };
  return { ...common, kind: "container", entrypoint: p.AppSpecification.ContainerEntrypoint ?? [], arguments: p.AppSpecification.ContainerArguments ?? [] };
}

export function importDefinition(definition: unknown): ImportResult {
  const parsed = Definition.safeParse(definition);
  if (!parsed.success) throw new Error("This is not a state machine definition: it needs StartAt and States.");
  const raw = (reason: string): ImportResult => ({ draft: { kind: "raw", definition: parsed.data }, notes: [`Kept as a raw definition: ${reason}`] });

  const steps: Step[] = [];
  const taken = new Set<string>();
  const notes: string[] = [];
  const visited = new Set<string>();
  for (let name: string | undefined = parsed.data.StartAt; name; ) {
    if (visited.has(name)) return raw(`the states loop back to "${name}".`);
    visited.add(name);
    const task = TaskState.safeParse(parsed.data.States[name]);
    if (!task.success) return raw(`state "${name}" is not a SageMaker Processing task Ferry can edit.`);
    if (!PROCESSING_RESOURCES.has(task.data.Resource)) return raw(`state "${name}" uses ${task.data.Resource}.`);
    const step = toStep(name, task.data, steps[steps.length - 1], taken);
    if (step.kind === "script" && !step.inputs.some((i) => i.source.type === "model-code")) {
      return raw(`script step "${name}" has no input Ferry recognises as the model's code.`);
    }
    steps.push(step);
    name = task.data.End ? undefined : task.data.Next;
  }
  // Ferry's "continue on failure" catches lead to a bare Succeed state; anything else off the chain is a branch.
  const offChain = Object.entries(parsed.data.States).filter(([name, state]) => !visited.has(name) && (state as { Type?: string }).Type !== "Succeed");
  if (offChain.length > 0) return raw(`state "${offChain[0]?.[0]}" is not on the main chain (a branch or a Catch target).`);
  notes.push(
    `Recognised ${steps.length} processing step(s). Job names, data locations, images and resources now come from each model; the original fixed values were dropped.`,
  );
  const description = (parsed.data.Comment ?? "").replace(/^Ferry pipeline [^:]*(: )?/, "").slice(0, 256);
  const spec = PipelineSpec.safeParse({ description, steps });
  if (!spec.success) return raw(spec.error.issues[0]?.message ?? "the steps do not form a valid Ferry pipeline.");
  return { draft: { kind: "spec", spec: spec.data }, notes };
}

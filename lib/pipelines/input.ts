import { z } from "zod";
import { PROCESSING_INSTANCE_TYPES } from "@/lib/aws/instance-types";
import type { PipelineSpec, Step } from "./spec";

/**
 * The execution input a pipeline expects: what each model supplies (data and code locations, images,
 * resources, role). One zod schema per spec gives both run-time validation and the published JSON Schema.
 */
const s3Prefix = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/(.+\/)?$/, "must be an s3://bucket/prefix/ ending with /");
const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN");
const imageUri = z.string().min(1).max(255);

function stepInputSchema(step: Step) {
  const resources = {
    ImageUri: imageUri,
    InstanceType: z.enum(PROCESSING_INSTANCE_TYPES),
    VolumeSizeInGB: z.number().int().min(1).max(16_384),
    MaxRuntimeInSeconds: z.number().int().min(1).max(777_600),
  };
  if (step.kind === "container") return z.object(resources);
  return z.object({ ...resources, Entrypoint: z.array(z.string().min(1)).min(1).max(10) });
}

export function executionInputSchema(spec: PipelineSpec) {
  const uses = (type: string) => spec.steps.some((s) => s.inputs.some((i) => i.source.type === type));
  const steps = Object.fromEntries(spec.steps.map((step) => [step.key, stepInputSchema(step)]));
  return z.object({
    RoleArn: roleArn,
    OutputUri: s3Prefix,
    ...(uses("model-input") ? { InputUri: s3Prefix } : {}),
    ...(uses("model-code") ? { CodeUri: s3Prefix } : {}),
    Steps: z.object(steps),
  });
}

export type ExecutionInput = {
  RoleArn: string;
  OutputUri: string;
  InputUri?: string;
  CodeUri?: string;
  Steps: Record<string, { ImageUri: string; InstanceType: string; VolumeSizeInGB: number; MaxRuntimeInSeconds: number; Entrypoint?: string[] }>;
};

/** JSON Schema (draft 2020-12) of the execution input, for exports and for people writing inputs by hand. */
export function executionInputJsonSchema(spec: PipelineSpec) {
  return z.toJSONSchema(executionInputSchema(spec));
}

/**
 * What a deployment binds: where the model's data and code live, and how each step runs for it. Stored as a
 * deployment's parameters; buildExecutionInput turns it into the execution input of every run.
 */
export const ModelBinding = z.object({
  roleArn: z.string().min(1).max(2048),
  inputUri: z.string().startsWith("s3://").max(1024).optional(),
  codeUri: z.string().startsWith("s3://").max(1024).optional(),
  outputUri: z.string().startsWith("s3://").max(1024),
  /** The model's script file for each script stage, relative to its code prefix. */
  scripts: z.partialRecord(z.enum(["PREPROCESS", "INFERENCE", "POSTPROCESS"]), z.string().min(1).max(256)),
  steps: z.record(
    z.string(),
    z.object({
      imageUri: z.string().min(1).max(255),
      instanceType: z.string().min(1).max(64),
      volumeSizeGb: z.number().int().min(1).max(16_384),
      maxRuntimeSeconds: z.number().int().min(1).max(777_600),
    }),
  ),
});
export type ModelBinding = z.infer<typeof ModelBinding>;

const withSlash = (uri: string) => (uri.endsWith("/") ? uri : `${uri}/`);

function scriptEntrypoint(step: Extract<Step, { kind: "script" }>, binding: ModelBinding): string[] {
  const script = binding.scripts[step.stage];
  const code = step.inputs.find((i) => i.source.type === "model-code");
  if (!script || !code) return [];
  return ["python3", `${code.localPath.replace(/\/$/, "")}/${script}`];
}

/**
 * Fills the execution input for one model. The result is validated against the spec's schema, so a
 * missing script, image or role surfaces as a clear error before anything is sent to AWS.
 */
export function buildExecutionInput(spec: PipelineSpec, binding: ModelBinding) {
  const steps = Object.fromEntries(
    spec.steps.map((step) => {
      const r = binding.steps[step.key];
      const resources = r
        ? { ImageUri: r.imageUri, InstanceType: r.instanceType, VolumeSizeInGB: r.volumeSizeGb, MaxRuntimeInSeconds: r.maxRuntimeSeconds }
        : {};
      return [step.key, step.kind === "script" ? { ...resources, Entrypoint: scriptEntrypoint(step, binding) } : resources];
    }),
  );
  const candidate = {
    RoleArn: binding.roleArn,
    OutputUri: withSlash(binding.outputUri),
    ...(binding.inputUri ? { InputUri: withSlash(binding.inputUri) } : {}),
    ...(binding.codeUri ? { CodeUri: withSlash(binding.codeUri) } : {}),
    Steps: steps,
  };
  return executionInputSchema(spec).safeParse(candidate);
}

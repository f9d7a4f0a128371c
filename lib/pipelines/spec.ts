import { z } from "zod";

/**
 * A pipeline is data: an ordered list of SageMaker Processing steps. The state machine definition, the
 * execution input schema and the IAM policies are pure functions of this spec (see asl.ts, input.ts, iam.ts).
 */

/** Short and SageMaker-safe: it ends up inside processing job names and S3 prefixes. */
export const STEP_KEY_MAX = 6;
const stepKey = z
  .string()
  .regex(/^[a-z][a-z0-9]*$/, "Step key must be lower-case letters and digits, starting with a letter")
  .max(STEP_KEY_MAX, `Step key must be at most ${STEP_KEY_MAX} characters (it is part of every job name)`);

/** Step Functions state names: 1–80 characters, none of the characters AWS refuses. */
const stateName = z
  .string()
  .trim()
  .min(1, "Step name is required")
  .max(80, "Step name must be at most 80 characters")
  .regex(/^[^<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]+$/u, "Step name cannot contain < > { } [ ] ? * \" # % \\ ^ | ~ ` $ & , ; : /");

const localPath = z
  .string()
  .regex(/^\/opt\/ml\/processing\/[A-Za-z0-9._/-]*$/, "Local path must be under /opt/ml/processing/")
  .refine((p) => !p.split("/").includes(".."), "Local path cannot contain ..")
  .max(256);

const channelName = z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}$/, "Channel names are letters, digits and single hyphens");

export const InputSource = z.discriminatedUnion("type", [
  /** The model's input data prefix. */
  z.object({ type: z.literal("model-input") }),
  /** The model's code prefix (its legacy scripts). */
  z.object({ type: z.literal("model-code") }),
  /** An output of an earlier step of this run. */
  z.object({ type: z.literal("step-output"), step: stepKey, output: channelName }),
]);
export type InputSource = z.infer<typeof InputSource>;

export const StepInput = z.object({ name: channelName, source: InputSource, localPath });
export const StepOutput = z.object({ name: channelName, localPath });

const ERROR_NAME = /^(States\.[A-Za-z]+|SageMaker\.[A-Za-z]+)$/;

export const RetryPolicy = z.object({
  errors: z.array(z.string().regex(ERROR_NAME, "Retry errors are States.* or SageMaker.* names")).min(1).max(10),
  intervalSeconds: z.number().int().min(1).max(3600),
  backoffRate: z.number().min(1).max(10),
  /** Bounded so a job name's retry counter stays within two digits. */
  maxAttempts: z.number().int().min(1).max(10),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

const envName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,255}$/, "Environment variable names are letters, digits and _");

const StepBase = z.object({
  key: stepKey,
  name: stateName,
  inputs: z.array(StepInput).max(10),
  outputs: z.array(StepOutput).min(1, "A step needs at least one output").max(10),
  environment: z.record(envName, z.string().max(256)).refine((e) => Object.keys(e).length <= 50, "At most 50 environment variables"),
  networkIsolation: z.boolean(),
  retry: RetryPolicy.nullable(),
  /** What a failure does: stop the pipeline, or record the error and go on to the next step. */
  onFailure: z.enum(["fail", "continue"]),
});

export const ScriptStep = StepBase.extend({
  kind: z.literal("script"),
  /** Which of the model's scripts this step runs on the framework image. */
  stage: z.enum(["PREPROCESS", "INFERENCE", "POSTPROCESS"]),
});

export const ContainerStep = StepBase.extend({
  kind: z.literal("container"),
  /** Overrides the image's ENTRYPOINT; empty = the image's own command. */
  entrypoint: z.array(z.string().min(1).max(256)).max(10),
  arguments: z.array(z.string().max(256)).max(50),
});

export const Step = z.discriminatedUnion("kind", [ScriptStep, ContainerStep]);
export type Step = z.infer<typeof Step>;

export const PipelineSpec = z
  .object({
    description: z.string().max(256),
    steps: z.array(Step).min(1, "A pipeline needs at least one step").max(20),
  })
  .superRefine((spec, ctx) => {
    const seen = new Map<string, number>();
    const names = new Set<string>();
    spec.steps.forEach((step, index) => {
      if (seen.has(step.key)) ctx.addIssue({ code: "custom", path: ["steps", index, "key"], message: `Step key "${step.key}" is used twice` });
      if (names.has(step.name)) ctx.addIssue({ code: "custom", path: ["steps", index, "name"], message: `Step name "${step.name}" is used twice` });
      step.inputs.forEach((input, i) => {
        if (input.source.type !== "step-output") return;
        const { step: from, output } = input.source;
        const earlier = seen.has(from) ? spec.steps[seen.get(from) ?? 0] : undefined;
        if (!earlier) {
          ctx.addIssue({ code: "custom", path: ["steps", index, "inputs", i, "source"], message: `Input "${input.name}" reads step "${from}", which does not come before this step` });
        } else if (!earlier.outputs.some((o) => o.name === output)) {
          ctx.addIssue({ code: "custom", path: ["steps", index, "inputs", i, "source"], message: `Step "${from}" has no output "${output}"` });
        }
      });
      if (step.kind === "script" && !step.inputs.some((input) => input.source.type === "model-code")) {
        ctx.addIssue({ code: "custom", path: ["steps", index, "inputs"], message: `Script step "${step.name}" needs the model's code as an input` });
      }
      seen.set(step.key, index);
      names.add(step.name);
    });
  });
export type PipelineSpec = z.infer<typeof PipelineSpec>;

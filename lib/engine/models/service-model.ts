import { readFileSync } from "node:fs";
import { z } from "zod";
import { modelFile, SERVICES, type ServiceName } from "./locate";

const reference = z.object({ shape: z.string() });

/** The parts of a botocore shape that say what a valid value is; documentation and the rest are dropped. */
const shapeSchema = z.object({
  type: z.string(),
  members: z.record(z.string(), reference).optional(),
  required: z.array(z.string()).optional(),
  member: reference.optional(),
  key: reference.optional(),
  value: reference.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().optional(),
  enum: z.array(z.string()).optional(),
  sensitive: z.boolean().optional(),
});

const modelSchema = z.object({
  operations: z.record(z.string(), z.object({ input: reference.optional() })),
  shapes: z.record(z.string(), shapeSchema),
});

export type Shape = z.infer<typeof shapeSchema>;
export type ServiceModel = z.infer<typeof modelSchema>;

// The model files never change while the engine runs: each is read and checked once per process.
const loaded = new Map<ServiceName, ServiceModel>();

export function serviceModel(service: ServiceName): ServiceModel {
  let model = loaded.get(service);
  if (!model) {
    model = modelSchema.parse(JSON.parse(readFileSync(modelFile(service), "utf8")));
    loaded.set(service, model);
  }
  return model;
}

/** Fails at start-up, with install instructions, rather than on the first request. */
export function loadServiceModels(): void {
  for (const service of Object.keys(SERVICES) as ServiceName[]) serviceModel(service);
}

const patterns = new Map<string, RegExp>();

/**
 * A model pattern as AWS applies it: Java's `matches()`, i.e. the whole value. Unicode mode for `\p{L}` and
 * friends; a pattern JavaScript refuses in that mode (an escape Java allows, such as `\_`) is compiled without it.
 * Java also accepts a quantified anchor (`^(...)${1,128}` in SageMaker's tag patterns), which matches what the
 * bare anchor matches; JavaScript refuses it, so the quantifier is dropped.
 */
export function compilePattern(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    const anchored = `^(?:${pattern.replace(/(?<!\\)([$^])\{\d+(?:,\d*)?\}/g, "$1")})$`;
    try {
      compiled = new RegExp(anchored, "u");
    } catch {
      compiled = new RegExp(anchored);
    }
    patterns.set(pattern, compiled);
  }
  return compiled;
}

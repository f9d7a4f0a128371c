import type { z } from "zod";
import { executionInputSchema, type ExecutionInput } from "@/lib/pipelines/input";
import type { PipelineSpec } from "@/lib/pipelines/spec";

/**
 * What a run may change in its execution input without a new approval (issue 16). An approval binds the code,
 * the images, the role and the definition: those never change here. A run may read from and write to a place
 * *inside* the approved data prefixes (another day's partition, a scratch output folder), which is also all the
 * generated IAM policies allow, and size its jobs differently (instance type, volume, time limit).
 */
export const EDITABLE_PATHS = ["InputUri", "OutputUri", "Steps.<step>.InstanceType", "Steps.<step>.VolumeSizeInGB", "Steps.<step>.MaxRuntimeInSeconds"] as const;
const DATA_LOCATIONS = ["InputUri", "OutputUri"] as const;
const STEP_RESOURCES = ["InstanceType", "VolumeSizeInGB", "MaxRuntimeInSeconds"] as const;

export type InputChange = { path: string; from: unknown; to: unknown };
export type FieldProblems = Record<string, string[]>;

type Flat = Map<string, unknown>;

/** The input as dotted paths → leaf values (arrays are leaves: an entrypoint is one thing). */
function flatten(value: unknown, prefix = "", into: Flat = new Map()): Flat {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else into.set(prefix, value);
  return into;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every path whose value differs between two inputs, in the approved input's order, then any new ones. */
export function inputChanges(approved: unknown, edited: unknown): InputChange[] {
  const before = flatten(approved);
  const after = flatten(edited);
  const paths = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
  return paths.filter((p) => !same(before.get(p), after.get(p))).map((path) => ({ path, from: before.get(path), to: after.get(path) }));
}

function isEditable(path: string): boolean {
  const parts = path.split(".");
  if (parts.length === 1) return (DATA_LOCATIONS as readonly string[]).includes(path);
  return parts.length === 3 && parts[0] === "Steps" && (STEP_RESOURCES as readonly string[]).includes(parts[2] ?? "");
}

function lockedReason(path: string): string {
  if (path === "RoleArn") return "The role is bound by the approval";
  if (path === "CodeUri" || path.endsWith(".Entrypoint")) return "The code is bound by the approval";
  if (path.endsWith(".ImageUri")) return "The image is bound by the approval";
  return "Not part of this pipeline's approved input";
}

function locationProblem(path: (typeof DATA_LOCATIONS)[number], approved: ExecutionInput, edited: ExecutionInput): string | null {
  const root = approved[path];
  const chosen = edited[path];
  if (!root || !chosen) return null;
  // S3 does not resolve "..", but a prefix that looks like it climbs out misleads whoever reads it.
  if (/\/\.{1,2}\/|\/\/./.test(chosen.slice("s3://".length))) return "Must not contain empty, . or .. folders";
  return chosen.startsWith(root) ? null : `Must be inside the approved location ${root}`;
}

export type CheckedInput = { ok: true; input: ExecutionInput; changes: InputChange[] } | { ok: false; fieldErrors: FieldProblems };

/**
 * Checks an edited execution input against the pipeline's input schema and against what the approval allows to
 * change, comparing it with `approved` (the input the deployment's parameters build). Field errors are keyed
 * `input.<path>`, the names of the dialog's fields.
 */
export function checkEditedInput(spec: PipelineSpec, approved: ExecutionInput, edited: unknown): CheckedInput {
  const parsed = executionInputSchema(spec).safeParse(edited);
  if (!parsed.success) return { ok: false, fieldErrors: schemaProblems(parsed.error) };
  const input = parsed.data as ExecutionInput;
  const changes = inputChanges(approved, input);
  const fieldErrors: FieldProblems = {};
  for (const change of changes) {
    if (!isEditable(change.path)) fieldErrors[`input.${change.path}`] = [lockedReason(change.path)];
  }
  for (const path of DATA_LOCATIONS) {
    const problem = locationProblem(path, approved, input);
    if (problem) fieldErrors[`input.${path}`] = [problem];
  }
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, input, changes };
}

function schemaProblems(error: z.ZodError): FieldProblems {
  const problems: FieldProblems = {};
  for (const issue of error.issues) (problems[["input", ...issue.path].join(".")] ??= []).push(issue.message);
  return problems;
}

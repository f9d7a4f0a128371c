import { AppError } from "@/lib/commands/errors";
import { cloudFormationTemplate } from "./cloudformation";
import { PipelineDraft } from "./draft";
import { buildExecutionInput } from "./input";
import { sampleBinding } from "./sample-binding";

type FrozenVersion = { spec: unknown; definition: unknown; iamPolicies: unknown; pipeline: { name: string } };

/** A version's generated sample execution input; a raw definition has none. */
export function sampleInputOf(version: Pick<FrozenVersion, "spec">): unknown {
  const draft = PipelineDraft.safeParse(version.spec);
  if (!draft.success || draft.data.kind !== "spec") {
    throw new AppError("INVALID_INPUT", "A raw definition has no generated execution input; write one that matches its states' parameters.");
  }
  const input = buildExecutionInput(draft.data.spec, sampleBinding(draft.data.spec));
  if (!input.success) throw new AppError("INVALID_INPUT", `The sample input does not fit this version: ${input.error.issues[0]?.message ?? "unknown problem"}`);
  return input.data;
}

/** What a published version exports, each a pure function of the frozen version (the downloads and /api/v1 alike). */
export const VERSION_EXPORTS = {
  definition: (version: FrozenVersion) => version.definition,
  "sample-input": sampleInputOf,
  "iam-policies": (version: FrozenVersion) => version.iamPolicies,
  cloudformation: (version: FrozenVersion) => cloudFormationTemplate(version.pipeline.name, version.definition as object),
} as const;
export type VersionExport = keyof typeof VERSION_EXPORTS;
export const VERSION_EXPORT_NAMES = Object.keys(VERSION_EXPORTS) as VersionExport[];

import type { ScriptStageValue } from "@/lib/catalog/scripts/stages";

type ImageFacts = { uri: string; kind: "FRAMEWORK" | "CUSTOM"; status: "ACTIVE" | "DEPRECATED"; hasLocalRuntime: boolean } | null;

export type RunFacts = {
  image: ImageFacts;
  scriptImage: ImageFacts;
  stages: ScriptStageValue[];
  inputUri: string | null;
  outputUri: string | null;
  codeVersion: number;
};

/** What a model still lacks before a pipeline can run it, each as an instruction. Empty means ready to run. */
export function missingForRun(facts: RunFacts): string[] {
  const missing: string[] = [];
  if (facts.codeVersion === 0) missing.push("Upload the model's scripts.");
  const scriptMode = facts.stages.includes("PREPROCESS") || facts.stages.includes("POSTPROCESS");
  if (scriptMode && !facts.scriptImage) missing.push("Choose the framework image preprocess and postprocess run on.");
  if (!facts.image) missing.push("Choose the inference image.");
  // A custom image runs its own command (the article's step 2); a framework image needs a script to run.
  if (!facts.stages.includes("INFERENCE") && facts.image?.kind !== "CUSTOM") missing.push("Mark a script as the inference script, or choose a custom inference image.");
  for (const [label, image] of [["inference", facts.image], ["script", facts.scriptImage]] as const) {
    if (image?.status === "DEPRECATED") missing.push(`The ${label} image ${image.uri} is deprecated; choose another.`);
    if (image?.kind === "CUSTOM" && !image.hasLocalRuntime) missing.push(`Upload the build context (Dockerfile) of ${image.uri} so the embedded engine can run it.`);
  }
  if (!facts.inputUri) missing.push("Set the input data URI.");
  if (!facts.outputUri) missing.push("Set the output data URI.");
  return missing;
}

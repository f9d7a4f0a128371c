import type { ModelBinding } from "@/lib/pipelines/input";
import { sagemakerRoleArn } from "@/lib/environments/target";
import { runnableUri } from "@/lib/catalog/images/resolve";
import type { DeploymentContext } from "./context";

const SCRIPT_STAGES = ["PREPROCESS", "INFERENCE", "POSTPROCESS"] as const;

/**
 * The image a step runs for this model: script steps run the script-mode image (or the model's image), containers
 * the model's image; a custom image whose digest the catalog knows is pinned to it, so runs execute that build.
 */
export function imageForStep(model: DeploymentContext["model"], kind: "script" | "container"): string | undefined {
  const image = kind === "script" ? (model.scriptImage ?? model.image) : model.image;
  return image ? runnableUri(image) : undefined;
}

/**
 * The parameters a request starts from, all taken from the catalog: data and code locations, the role of the
 * environment, one image and resource set per step. The requester may change them before sending.
 */
export function prefillBinding({ model, spec, environment }: Pick<DeploymentContext, "model" | "spec" | "environment">): ModelBinding {
  const code = model.codeVersions[0];
  const scripts: ModelBinding["scripts"] = {};
  for (const stage of SCRIPT_STAGES) {
    const script = model.scripts.find((s) => s.stage === stage);
    if (script) scripts[stage] = script.name;
  }
  const steps: ModelBinding["steps"] = {};
  for (const step of spec.steps) {
    steps[step.key] = {
      imageUri: imageForStep(model, step.kind) ?? "",
      instanceType: model.instanceType,
      volumeSizeGb: model.volumeSizeGb,
      maxRuntimeSeconds: model.maxRuntimeSeconds,
    };
  }
  return {
    roleArn: sagemakerRoleArn(environment),
    ...(model.inputUri ? { inputUri: model.inputUri } : {}),
    codeUri: code?.s3Uri ?? `s3://${environment.bucket}/ferry/code/${model.slug}/`,
    outputUri: model.outputUri ?? `s3://${environment.bucket}/ferry/output/${model.slug}/`,
    scripts,
    steps,
  };
}

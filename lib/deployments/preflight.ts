import { buildExecutionInput, type ModelBinding } from "@/lib/pipelines/input";
import { deploymentStateMachineName, STATE_MACHINE_NAME_PATTERN } from "./naming";
import type { ResolvedImage } from "@/lib/catalog/images/resolve";
import type { DeploymentContext } from "./context";

export type PreflightItem = { check: string; ok: boolean; detail: string };
export type KnownImages = ReadonlyMap<string, Pick<ResolvedImage, "uri" | "status" | "version" | "digest" | "pinnedDigest">>;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

function item(check: string, problems: string[], fine: string): PreflightItem {
  return problems.length === 0 ? { check, ok: true, detail: fine } : { check, ok: false, detail: problems.join("; ") };
}

/**
 * What must hold before a request is worth an admin's time, from the catalog alone (no AWS call): names fit,
 * images are registered, scripts exist, role ARNs are well formed, every parameter the pipeline needs is set.
 */
export function preflight(ctx: Pick<DeploymentContext, "model" | "spec" | "environment">, parameters: ModelBinding, images: KnownImages): PreflightItem[] {
  const { model, spec, environment } = ctx;
  const name = deploymentStateMachineName(model.slug);
  const names = STATE_MACHINE_NAME_PATTERN.test(name) ? [] : [`state machine name ${name} is not 1–80 letters, digits, - or _`];

  const imageProblems = spec.steps.flatMap((step) => {
    const uri = parameters.steps[step.key]?.imageUri;
    if (!uri) return [`step ${step.key} has no image: set the model's image in the catalog`];
    const known = images.get(uri);
    if (!known) return [`step ${step.key}: ${uri} is not a registered image`];
    if (known.status === "DEPRECATED") return [`step ${step.key}: ${uri} is deprecated`];
    // A pin to an older build would run bytes the artifacts (the current version) do not show the reviewer.
    if (known.pinnedDigest && known.pinnedDigest !== known.digest) return [`step ${step.key}: ${uri} pins an older build of ${known.uri}; use version ${known.version}`];
    return [];
  });

  const scriptProblems = spec.steps.flatMap((step) => {
    if (step.kind !== "script") return [];
    const file = parameters.scripts[step.stage];
    if (!file) return [`step ${step.key} needs a ${step.stage.toLowerCase()} script: upload one for the model`];
    const script = model.scripts.find((s) => s.name === file);
    if (!script || script.versions.length === 0) return [`step ${step.key}: script ${file} is not in the model's catalog`];
    return [];
  });

  const roles = [["SageMaker role", parameters.roleArn], ...(environment.kind === "AWS" ? [["State machine role", environment.stateMachineRoleArn ?? ""]] : [])] as const;
  const roleProblems = roles.flatMap(([label, arn]) => {
    const match = ROLE_ARN.exec(arn);
    if (!match) return [`${label} ${arn || "(empty)"} is not an IAM role ARN`];
    if (environment.accountId && match[1] !== environment.accountId) return [`${label} is in account ${match[1]}, the environment in ${environment.accountId}`];
    return [];
  });

  const built = buildExecutionInput(spec, parameters);
  const parameterProblems = built.success ? [] : built.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "input"}: ${i.message}`);

  return [
    item("Names fit", names, `state machine ${name}`),
    item("Images exist", imageProblems, `${new Set(Object.values(parameters.steps).map((s) => s.imageUri)).size} registered image(s)`),
    item("Scripts exist", scriptProblems, `${Object.values(parameters.scripts).join(", ") || "no script steps"}`),
    item("Role ARNs well formed", roleProblems, roles.map(([label]) => label).join(" and ") + " are valid"),
    item("Parameters complete", parameterProblems, "the execution input validates against the pipeline's schema"),
  ];
}

/**
 * One state machine per model × environment, named `ferry-<model-slug>`. Each deployment updates it in place
 * (a new revision), so a model's ARN is stable for runs and dashboards, and a newer deployment supersedes the
 * older one by construction. Slugs are ≤ 63 characters, so names stay within Step Functions' 80.
 */
export const STATE_MACHINE_NAME_MAX = 80;
export const STATE_MACHINE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export function deploymentStateMachineName(modelSlug: string): string {
  return `ferry-${modelSlug}`;
}

/** Parity runs use their own state machine per pipeline version, so nothing unapproved touches the model's. */
export function parityStateMachineName(pipelineName: string, version: number): string {
  const suffix = `-v${version}`;
  return `ferry-parity-${pipelineName}`.slice(0, STATE_MACHINE_NAME_MAX - suffix.length) + suffix;
}

/** Tags on a deployment's state machine: who it belongs to, traceable back to the request. */
export function deploymentTags(d: { modelSlug: string; pipelineName: string; version: number; deploymentId: string }): Record<string, string> {
  return { "ferry:model": d.modelSlug, "ferry:pipeline": d.pipelineName, "ferry:version": String(d.version), "ferry:deployment": d.deploymentId };
}

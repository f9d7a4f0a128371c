import { STATE_MACHINE_SPACES } from "@/lib/pipelines/names";

export { STATE_MACHINE_NAME_PATTERN } from "@/lib/pipelines/names";

/**
 * One state machine per model × environment, `ferry-dp-<model slug>`. Each deployment updates it and publishes
 * a version (an immutable snapshot runs start on), and moves the alias `live` to that version, so a newer
 * deployment supersedes the older one by construction. Slugs are ≤ 63 characters: names stay within AWS's 80.
 */
export function deploymentStateMachineName(modelSlug: string): string {
  return `${STATE_MACHINE_SPACES.deployment}${modelSlug}`;
}

/** The alias that points at the version of the model's live deployment. */
export const LIVE_ALIAS = "live";

/**
 * Parity runs get a state machine per deployment request, `ferry-pr-<request id>`, so nothing unapproved touches
 * the model's machine and one request's evidence never runs another's definition.
 */
export function parityStateMachineName(deploymentId: string): string {
  return `${STATE_MACHINE_SPACES.parity}${deploymentId.replaceAll("-", "").toLowerCase()}`;
}

/** Tags that describe a deployment's state machine for people (ownership is in `ferry:kind` / `ferry:owner`). */
export function deploymentTags(d: { modelSlug: string; pipelineName: string; version: number; deploymentId: string }): Record<string, string> {
  return { "ferry:model": d.modelSlug, "ferry:pipeline": d.pipelineName, "ferry:version": String(d.version), "ferry:deployment": d.deploymentId };
}

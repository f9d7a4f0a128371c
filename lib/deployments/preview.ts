import type { Tx } from "@/lib/commands/command";
import { jsonDiff } from "@/lib/diff/lines";
import { accountOf } from "@/lib/environments/target";
import { imageRepositoryArns, sagemakerRolePolicy, stateMachineRolePolicy } from "@/lib/pipelines/iam";
import { buildExecutionInput, type ModelBinding } from "@/lib/pipelines/input";
import { resolveImages } from "@/lib/catalog/images/resolve";
import { Artifacts, artifactChanges, artifactsOf, fingerprintOf } from "./artifacts";
import type { DeploymentContext } from "./context";
import { deploymentStateMachineName } from "./naming";
import { preflight } from "./preflight";

/** The two policies this binding needs: what the state machine's role and the jobs' role must be allowed. */
export function policiesFor(ctx: Pick<DeploymentContext, "environment">, parameters: ModelBinding) {
  const scope = { region: ctx.environment.region, accountId: accountOf(ctx.environment) };
  const uris = (list: (string | undefined)[]) => list.filter((u): u is string => Boolean(u)).map((u) => (u.endsWith("/") ? u : `${u}/`));
  return {
    stateMachineRole: stateMachineRolePolicy({ ...scope, sagemakerRoleArn: parameters.roleArn }),
    sagemakerRole: sagemakerRolePolicy({
      ...scope,
      readUris: uris([parameters.inputUri, parameters.codeUri]),
      writeUris: uris([parameters.outputUri]),
      repositoryArns: imageRepositoryArns(Object.values(parameters.steps).map((s) => s.imageUri)),
    }),
  };
}

/**
 * Everything a reviewer needs to judge a request, computed from the catalog: the exact execution input, the IAM
 * policies, the pre-flight results, the artifacts and their fingerprint, and what changes against the live
 * deployment of the same model in the same environment.
 */
export async function previewRequest(tx: Tx, ctx: DeploymentContext, parameters: ModelBinding, excludeId?: string) {
  const images = await resolveImages(tx, Object.values(parameters.steps).map((s) => s.imageUri));
  const built = buildExecutionInput(ctx.spec, parameters);
  const artifacts = await artifactsOf(tx, ctx, parameters);
  const live = await tx.deployment.findFirst({
    where: { modelId: ctx.model.id, environmentId: ctx.environment.id, status: "LIVE", ...(excludeId ? { id: { not: excludeId } } : {}) },
    orderBy: { requestedAt: "desc" },
    select: { id: true, artifacts: true, stateMachineArn: true, pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } } },
  });
  const liveArtifacts = live ? Artifacts.safeParse(live.artifacts) : null;
  return {
    stateMachineName: deploymentStateMachineName(ctx.model.slug),
    executionInput: built.success ? built.data : null,
    executionInputProblems: built.success ? [] : built.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`),
    policies: policiesFor(ctx, parameters),
    preflight: preflight(ctx, parameters, images),
    artifacts,
    fingerprint: fingerprintOf(artifacts),
    live: live
      ? {
          id: live.id,
          label: `${live.pipelineVersion.pipeline.name} v${live.pipelineVersion.version}`,
          changes: liveArtifacts?.success ? artifactChanges(liveArtifacts.data, artifacts).map((c) => c.text) : ["the live deployment was approved before Ferry bound every artifact"],
          diff: jsonDiff(live.artifacts, artifacts),
        }
      : null,
  };
}
export type RequestPreview = Awaited<ReturnType<typeof previewRequest>>;

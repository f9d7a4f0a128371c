import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { PipelineDraft } from "@/lib/pipelines/draft";
import { buildExecutionInput, ModelBinding } from "@/lib/pipelines/input";
import type { PipelineSpec } from "@/lib/pipelines/spec";

export type Startable = {
  deploymentId: string;
  modelId: string;
  modelSlug: string;
  pipelineVersionId: string;
  environmentId: string;
  stateMachineArn: string;
  spec: PipelineSpec;
  input: Prisma.InputJsonValue;
  /** What each step will run, kept with the run beyond Step Functions' 90 days. */
  steps: { name: string; position: number; imageUri: string | null; instanceType: string | null; scriptSha256: string | null }[];
};

/** The sha256 of the model's current version of each script the binding names, from the catalog. */
async function scriptHashes(tx: Tx, modelId: string, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const scripts = await tx.script.findMany({
    where: { modelId, name: { in: names } },
    select: { name: true, versions: { select: { sha256: true }, orderBy: { version: "desc" }, take: 1 } },
  });
  return new Map(scripts.flatMap((script) => (script.versions[0] ? [[script.name, script.versions[0].sha256] as const] : [])));
}

/**
 * Checks made before anything is written or sent: the deployment is live with a state machine, its pipeline
 * is a spec Ferry can fill, and the model's binding produces a valid execution input. Each refusal says what
 * to do next.
 */
export async function preflight(tx: Tx, deploymentId: string): Promise<Startable> {
  const deployment = await tx.deployment.findUnique({
    where: { id: deploymentId },
    select: {
      id: true,
      status: true,
      stateMachineArn: true,
      parameters: true,
      modelId: true,
      environmentId: true,
      pipelineVersionId: true,
      model: { select: { slug: true } },
      pipelineVersion: { select: { spec: true } },
    },
  });
  if (!deployment) throw new AppError("NOT_FOUND", "That deployment does not exist.");
  if (deployment.status !== "LIVE" || !deployment.stateMachineArn) {
    throw new AppError("CONFLICT", `This deployment is ${deployment.status.toLowerCase().replaceAll("_", " ")}, not live: runs start only from a live deployment. Ask an admin to approve it first.`);
  }
  const draft = PipelineDraft.safeParse(deployment.pipelineVersion.spec);
  if (!draft.success || draft.data.kind !== "spec") {
    throw new AppError("CONFLICT", "This pipeline was imported as raw ASL, so Ferry cannot fill its input per model. Rebuild it in the pipeline editor.");
  }
  const binding = ModelBinding.safeParse(deployment.parameters);
  if (!binding.success) throw new AppError("CONFLICT", "This deployment's parameters are incomplete. Request a new deployment with the model's data, code and role.");
  const input = buildExecutionInput(draft.data.spec, binding.data);
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new AppError("CONFLICT", `The execution input would be invalid (${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown field"}). Fix the deployment's parameters.`);
  }
  const spec = draft.data.spec;
  const scriptOf = (step: PipelineSpec["steps"][number]) => (step.kind === "script" ? (binding.data.scripts[step.stage] ?? null) : null);
  const hashes = await scriptHashes(tx, deployment.modelId, spec.steps.map(scriptOf).filter((n): n is string => n !== null));
  return {
    steps: spec.steps.map((step, position) => {
      const script = scriptOf(step);
      const resources = binding.data.steps[step.key];
      return { name: step.name, position, imageUri: resources?.imageUri ?? null, instanceType: resources?.instanceType ?? null, scriptSha256: script ? (hashes.get(script) ?? null) : null };
    }),
    deploymentId: deployment.id,
    modelId: deployment.modelId,
    modelSlug: deployment.model.slug,
    pipelineVersionId: deployment.pipelineVersionId,
    environmentId: deployment.environmentId,
    stateMachineArn: deployment.stateMachineArn,
    spec: draft.data.spec,
    input: input.data as Prisma.InputJsonValue,
  };
}

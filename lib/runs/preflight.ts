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
};

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
  return {
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

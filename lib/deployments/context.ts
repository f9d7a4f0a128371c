import type { Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { PipelineDraft } from "@/lib/pipelines/draft";
import type { PipelineSpec } from "@/lib/pipelines/spec";

const MODEL_SELECT = {
  id: true,
  slug: true,
  displayName: true,
  status: true,
  inputUri: true,
  outputUri: true,
  instanceType: true,
  volumeSizeGb: true,
  maxRuntimeSeconds: true,
  image: { select: { uri: true, kind: true, digest: true } },
  scriptImage: { select: { uri: true, kind: true, digest: true } },
  // "Which scripts a model uses" is every script of the model at its latest version: the catalog's code version
  // holds all of them in one prefix, which is what a run reads.
  scripts: { orderBy: { name: "asc" }, select: { name: true, stage: true, versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, sha256: true } } } },
  codeVersions: { orderBy: { version: "desc" }, take: 1, select: { version: true, s3Uri: true } },
} as const;

export type DeploymentTargets = { modelId: string; pipelineVersionId: string; environmentId: string };

/** Everything a deployment is computed from: the model as the catalog has it now, the frozen pipeline version, the environment. */
export async function loadContext(tx: Tx, targets: DeploymentTargets) {
  // One after another: inside a transaction the three share one connection.
  const model = await tx.model.findUnique({ where: { id: targets.modelId }, select: MODEL_SELECT });
  const version = await tx.pipelineVersion.findUnique({
    where: { id: targets.pipelineVersionId },
    select: { id: true, version: true, contentHash: true, spec: true, definition: true, pipeline: { select: { id: true, name: true } } },
  });
  const environment = await tx.environment.findUnique({ where: { id: targets.environmentId } });
  if (!model) throw new AppError("NOT_FOUND", "That model does not exist.", { modelId: ["Unknown model"] });
  if (!version) throw new AppError("NOT_FOUND", "That pipeline version does not exist.", { pipelineVersionId: ["Unknown pipeline version"] });
  if (!environment) throw new AppError("NOT_FOUND", "That environment does not exist.", { environmentId: ["Unknown environment"] });
  const draft = PipelineDraft.safeParse(version.spec);
  if (!draft.success || draft.data.kind !== "spec") {
    throw new AppError(
      "INVALID_INPUT",
      `${version.pipeline.name} v${version.version} is a raw definition: Ferry cannot fill its input from a model. Choose a pipeline built from steps.`,
      { pipelineVersionId: ["Raw definitions cannot be bound to a model"] },
    );
  }
  return { model, version, spec: draft.data.spec, environment };
}

export type DeploymentContext = Awaited<ReturnType<typeof loadContext>>;
export type ContextModel = DeploymentContext["model"];
export type { PipelineSpec };

// A live deployment in a real embedded engine, made directly in the database (D builds the approval flow):
// a published three-step pipeline released into the engine (its published version is what the deployment
// rows approve), a model, and a Deployment row per binding.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import type { ModelBinding } from "@/lib/pipelines/input";
import { releasePipelineVersion } from "@/lib/deployments/release";
import { CUSTOM_IMAGE, FRAMEWORK_IMAGE } from "../engine/legacy-model";
import { TEST_ROLE, type TestEngine } from "../engine/harness";
import { approvedArtifacts } from "../deployments/world";

export type RunWorld = { environmentId: string; pipelineVersionId: string; stateMachineArn: string; versionArn: string; revisionId: string | null };

export async function releasedPipeline(engine: TestEngine, mlops: Actor, bucket: string): Promise<RunWorld> {
  const pipeline = await executeCommand(prisma, createPipeline, mlops, { name: `runs-${randomBytes(3).toString("hex")}` });
  const version = await executeCommand(prisma, publishPipelineVersion, mlops, { pipelineId: pipeline.id });
  const environment = await prisma.environment.create({ data: { name: `engine-${randomBytes(3).toString("hex")}`, kind: "EMBEDDED", bucket, endpointOverride: engine.endpoint } });
  const release = await releasePipelineVersion(prisma, mlops, { pipelineVersionId: version.id, environmentId: environment.id });
  if (!release.stateMachineArn || !release.stateMachineVersionArn) throw new Error(`release failed: ${release.error}`);
  return { environmentId: environment.id, pipelineVersionId: version.id, stateMachineArn: release.stateMachineArn, versionArn: release.stateMachineVersionArn, revisionId: release.revisionId };
}

/** The fixture model's binding; `code` picks the scripts folder under code/ (scripts, failing, slow, or one a test staged). */
export function binding(bucket: string, code: string): ModelBinding {
  const resources = { instanceType: "ml.m5.xlarge", volumeSizeGb: 1, maxRuntimeSeconds: 120 };
  return {
    roleArn: TEST_ROLE,
    inputUri: `s3://${bucket}/data/input/`,
    codeUri: `s3://${bucket}/code/${code}/`,
    outputUri: `s3://${bucket}/runs/`,
    scripts: { PREPROCESS: "preprocess.py", POSTPROCESS: "postprocess.py" },
    steps: { pre: { ...resources, imageUri: FRAMEWORK_IMAGE }, infer: { ...resources, imageUri: CUSTOM_IMAGE }, post: { ...resources, imageUri: FRAMEWORK_IMAGE } },
  };
}

export async function liveDeployment(world: RunWorld, owner: Actor, parameters: ModelBinding, slug = `model-${randomBytes(3).toString("hex")}`) {
  const model = await prisma.model.create({ data: { slug, displayName: slug, team: "risk", ownerId: owner.id } });
  const targets = { modelId: model.id, pipelineVersionId: world.pipelineVersionId, environmentId: world.environmentId };
  return prisma.deployment.create({
    data: {
      ...targets,
      parameters,
      ...(await approvedArtifacts(targets, parameters)),
      status: "LIVE",
      requestedById: owner.id,
      stateMachineArn: world.stateMachineArn,
      stateMachineVersionArn: world.versionArn,
      stateMachineRevision: world.revisionId,
    },
    select: { id: true, modelId: true },
  });
}

export async function waitForRun(runId: string, done: (run: { status: string; steps: { name: string; status: string }[] }) => boolean, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} (${run.steps.map((s) => `${s.name}:${s.status}`).join(", ")})`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

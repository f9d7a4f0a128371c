// A catalog a deployment can be requested from: two registered images, a model with its preprocess and
// postprocess scripts (one version each, in one code version), and a published three-step pipeline.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { approveDeployment, requestDeployment } from "@/lib/deployments/commands";
import { artifactsOf, fingerprintOf } from "@/lib/deployments/artifacts";
import { loadContext, type DeploymentTargets } from "@/lib/deployments/context";
import { asJson } from "@/lib/db/json";
import type { ModelBinding } from "@/lib/pipelines/input";
import { sha256 } from "@/lib/storage/objects";

export const FRAMEWORK_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3";
export const CUSTOM_IMAGE = "000000000000.dkr.ecr.us-east-1.amazonaws.com/legacy-model:1.0";

export type CatalogOptions = { bucket: string; owner: Actor; slug?: string; codePrefix?: string; inputPrefix?: string };

async function ensureImage(uri: string, kind: "FRAMEWORK" | "CUSTOM", ownerId: string) {
  return prisma.image.upsert({ where: { uri }, update: {}, create: { uri, kind, ownerId } });
}

/** A model ready to deploy; `codePrefix` and `inputPrefix` are where its scripts and data are (tests stage them). */
export async function makeDeployableModel(options: CatalogOptions) {
  const [framework, custom] = await Promise.all([ensureImage(FRAMEWORK_IMAGE, "FRAMEWORK", options.owner.id), ensureImage(CUSTOM_IMAGE, "CUSTOM", options.owner.id)]);
  const slug = options.slug ?? `churn-${randomBytes(3).toString("hex")}`;
  const model = await prisma.model.create({
    data: {
      slug,
      displayName: `Churn ${slug}`,
      team: "risk",
      ownerId: options.owner.id,
      imageId: custom.id,
      scriptImageId: framework.id,
      inputUri: options.inputPrefix ?? `s3://${options.bucket}/data/input/`,
      outputUri: `s3://${options.bucket}/runs/${slug}/`,
      volumeSizeGb: 1,
      maxRuntimeSeconds: 300,
      status: "READY",
    },
  });
  const codeUri = options.codePrefix ?? `s3://${options.bucket}/code/scripts/`;
  await prisma.codeVersion.create({ data: { modelId: model.id, version: 1, s3Uri: codeUri, files: [], createdById: options.owner.id } });
  for (const [name, stage] of [["preprocess.py", "PREPROCESS"], ["postprocess.py", "POSTPROCESS"]] as const) {
    await prisma.script.create({
      data: { modelId: model.id, name, stage, versions: { create: { version: 1, sha256: sha256(`${name} v1`), sizeBytes: 10, s3Uri: `${codeUri}${name}`, uploadedById: options.owner.id } } },
    });
  }
  return model;
}

/** A new version of one of the model's scripts, as an upload in the catalog records it. */
export async function changeScript(modelId: string, name: string, uploader: Actor) {
  const script = await prisma.script.findUniqueOrThrow({ where: { modelId_name: { modelId, name } }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  const next = (script.versions[0]?.version ?? 0) + 1;
  return prisma.scriptVersion.create({ data: { scriptId: script.id, version: next, sha256: sha256(`${name} v${next}`), sizeBytes: 11, s3Uri: `s3://changed/${name}`, uploadedById: uploader.id, codeVersion: next } });
}

export async function publishArticlePipeline(author: Actor) {
  const pipeline = await executeCommand(prisma, createPipeline, author, { name: `article-${randomBytes(4).toString("hex")}` });
  return executeCommand(prisma, publishPipelineVersion, author, { pipelineId: pipeline.id });
}

/** For tests/commands/all-commands: a pending request (by `requester`) and an approved one (by `approver`). */
export async function makeDeploymentWorld(people: { requester: Actor; approver: Actor; owner: Actor }, environmentId: string, pipelineVersionId: string) {
  const model = await makeDeployableModel({ bucket: "ferry-embedded", owner: people.owner });
  const targets = { modelId: model.id, pipelineVersionId, environmentId };
  // Approved before the second request: one request per model and environment may wait for approval at a time.
  const approved = await executeCommand(prisma, requestDeployment, people.requester, targets);
  await executeCommand(prisma, approveDeployment, people.approver, { deploymentId: approved.id, fingerprint: approved.artifactFingerprint });
  const pending = await executeCommand(prisma, requestDeployment, people.requester, targets);
  const notice = await prisma.notification.findFirstOrThrow({ where: { userId: people.requester.id }, select: { id: true } });
  // A model with nothing pending, for a request that must succeed (one pending request per model and environment).
  const requestable = await makeDeployableModel({ bucket: "ferry-embedded", owner: people.owner });
  return { modelId: model.id, requestableModelId: requestable.id, pendingDeploymentId: pending.id, pendingFingerprint: pending.artifactFingerprint, approvedDeploymentId: approved.id, requesterNotificationId: notice.id };
}
export type DeploymentFixtures = Awaited<ReturnType<typeof makeDeploymentWorld>>;

/**
 * For tests that make a LIVE deployment directly in the database: the artifacts it binds, as a request would
 * have recorded them now. Runs start only while these still match the catalog (lib/deployments/approval.ts).
 */
export async function approvedArtifacts(targets: DeploymentTargets, parameters: ModelBinding) {
  const artifacts = await artifactsOf(prisma, await loadContext(prisma, targets), parameters);
  return { artifacts: asJson(artifacts), artifactFingerprint: fingerprintOf(artifacts) };
}

import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { allows, refusalFor, type ImageTarget, type ModelTarget, type ObjectActor, type ObjectCheck, type RunTarget, type DeploymentTarget, type BuildTarget } from "@/lib/auth/object-rules";
import { AppError } from "./errors";

// A transaction or the client itself: targets are loaded inside a command's transaction or by a page's read.
type Tx = Prisma.TransactionClient;

/**
 * The server side of the object rules: targets loaded from the database by id (never described by the request),
 * the caller's teams read from their user row, and the check that refuses with a message naming who may.
 */

export async function objectActorOf(db: Tx, actor: Pick<Actor, "id" | "roles">): Promise<ObjectActor> {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { teams: true } });
  return { id: actor.id, roles: actor.roles, teams: user?.teams ?? [] };
}

export async function requireAllowed(db: Tx, actor: Actor, check: ObjectCheck): Promise<void> {
  const subject = await objectActorOf(db, actor);
  if (!allows(check.action, subject, check.target)) {
    throw new AppError("FORBIDDEN", refusalFor(check.action, check.target), undefined, `${actor.email} may not ${check.action} ${check.target.label}`);
  }
}

export async function modelTarget(db: Tx, modelId: string): Promise<ModelTarget> {
  const model = await db.model.findUnique({ where: { id: modelId }, select: { slug: true, ownerId: true, team: true } });
  if (!model) throw new AppError("NOT_FOUND", "That model no longer exists.");
  return { kind: "model", label: `model ${model.slug}`, ownerId: model.ownerId, team: model.team };
}

export async function imageTarget(db: Tx, imageId: string): Promise<ImageTarget> {
  const image = await db.image.findUnique({ where: { id: imageId }, select: { uri: true, ownerId: true } });
  if (!image) throw new AppError("NOT_FOUND", "That image is not registered (any more).");
  return { kind: "image", label: `image ${image.uri}`, ownerId: image.ownerId };
}

export async function runTarget(db: Tx, runId: string): Promise<RunTarget> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { executionName: true, startedById: true, model: { select: { ownerId: true } } } });
  if (!run) throw new AppError("NOT_FOUND", "That run does not exist.");
  return { kind: "run", label: `run ${run.executionName}`, startedById: run.startedById, modelOwnerId: run.model.ownerId };
}

export async function deploymentTarget(db: Tx, deploymentId: string): Promise<DeploymentTarget> {
  const deployment = await db.deployment.findUnique({ where: { id: deploymentId }, select: { requestedById: true, model: { select: { slug: true } }, environment: { select: { name: true } } } });
  if (!deployment) throw new AppError("NOT_FOUND", "That deployment request does not exist.");
  return { kind: "deployment", label: `the deployment of ${deployment.model.slug} to ${deployment.environment.name}`, requestedById: deployment.requestedById };
}

export async function buildTarget(db: Tx, buildId: string): Promise<BuildTarget> {
  const build = await db.imageBuild.findUnique({ where: { id: buildId }, select: { imageUri: true, requestedById: true, image: { select: { ownerId: true } } } });
  if (!build) throw new AppError("NOT_FOUND", "That build does not exist.");
  return { kind: "build", label: `the build of ${build.imageUri}`, requestedById: build.requestedById, imageOwnerId: build.image?.ownerId ?? null };
}

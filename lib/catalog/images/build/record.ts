import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { asJson } from "@/lib/db/json";
import { idField } from "@/lib/validation/fields";
import { digestField, findImage, type LocalRuntime, recordVersion } from "../commands";

async function buildInProgress(tx: Tx, buildId: string) {
  // Locked: two workers finishing the same build must not both record it.
  await tx.$queryRaw`SELECT id FROM image_builds WHERE id = ${buildId}::uuid FOR UPDATE`;
  const build = await tx.imageBuild.findUnique({ where: { id: buildId }, select: { id: true, status: true, imageUri: true, imageId: true, contextUri: true, contextFiles: true, contextDigest: true } });
  if (!build) throw new AppError("NOT_FOUND", "That build no longer exists.");
  if (build.status !== "IN_PROGRESS") throw new AppError("CONFLICT", `That build is ${build.status.toLowerCase()}, not in progress.`);
  return build;
}

/**
 * A finished build's image, registered by the digest that was pushed: a new version of the catalog image (so an
 * approval bound to the old digest no longer holds), or the image itself when the URI is new to the catalog. The
 * same digest as the current version changes nothing: a rebuild of the same bytes is the same image, and
 * approvals keep holding. Run by the build's job as a follow-up (executeFollowUp) in the name of whoever asked.
 */
export const recordBuild = defineCommand({
  name: "images.record_build",
  permission: "catalog:write",
  input: z.object({ buildId: idField("Build"), digest: digestField }),
  run: async ({ tx, input, actor }) => {
    const build = await buildInProgress(tx, input.buildId);
    const runtime: LocalRuntime = { kind: "custom", buildContextUri: build.contextUri, files: [...build.contextFiles].sort() };
    const existing = await tx.image.findUnique({ where: { uri: build.imageUri }, select: { id: true, ownerId: true } });
    // The right to change the image was checked when the build was asked for (requestBuild); an image someone
    // else registered at this URI since was not, and the requester's roles are not looked at again here.
    if (existing && existing.id !== build.imageId && existing.ownerId !== actor.id) {
      throw new AppError("CONFLICT", `${build.imageUri} was registered by someone else after the build was asked for; the build is not recorded.`);
    }
    const outcome = existing ? await newVersion(tx, existing.id, input.digest, runtime, actor.id) : await newImage(tx, build.imageUri, input.digest, runtime, actor.id);
    await tx.imageBuild.update({ where: { id: build.id }, data: { status: "SUCCEEDED", digest: input.digest, imageId: outcome.id, imageVersion: outcome.version, finishedAt: new Date() } });
    const summary = `Built ${build.imageUri} (${input.digest.slice(0, 19)}…): ${outcome.changed ? `version ${outcome.version}` : `the same digest as version ${outcome.version}, nothing changed`}`;
    return { result: { ...outcome, digest: input.digest }, audit: { targetType: "image", targetId: outcome.id, summary, details: asJson({ buildId: build.id, contextDigest: build.contextDigest }) } };
  },
});

async function newVersion(tx: Tx, imageId: string, digest: string, runtime: LocalRuntime, actorId: string) {
  const image = await findImage(tx, imageId);
  if (image.kind !== "CUSTOM") throw new AppError("CONFLICT", `${image.uri} is a framework image now; the build is not recorded.`);
  if (image.digest === digest) return { id: image.id, version: image.version, changed: false };
  // A version that never had bytes (registered, nothing uploaded or built yet) is filled in place.
  const empty = image.digest === null && image.localRuntime === null;
  return { id: image.id, version: await recordVersion(tx, image, { digest, localRuntime: runtime }, !empty, actorId), changed: true };
}

async function newImage(tx: Tx, uri: string, digest: string, runtime: LocalRuntime, actorId: string) {
  const image = await tx.image.create({
    data: { uri, kind: "CUSTOM", description: "Built by Ferry from a build context", ownerId: actorId, digest, localRuntime: asJson(runtime), verifiedAt: new Date() },
    select: { id: true },
  });
  await tx.imageVersion.create({ data: { imageId: image.id, version: 1, digest, localRuntime: asJson(runtime), createdById: actorId } });
  return { id: image.id, version: 1, changed: true };
}

/**
 * A build that produced no image, ended once with its failing phase and reason (only a build still queued or in
 * progress takes an outcome, so a replay is a CONFLICT and changes nothing). Run by the build's job as a follow-up.
 */
export const recordBuildFailure = defineCommand({
  name: "images.build_failed",
  permission: "catalog:write",
  input: z.object({
    buildId: idField("Build"),
    status: z.enum(["FAILED", "STOPPED"]),
    phase: z.string().max(100).nullable(),
    reason: z.string().trim().min(1).transform((r) => r.slice(0, 2000)),
  }),
  run: async ({ tx, input }) => {
    const { count } = await tx.imageBuild.updateMany({
      where: { id: input.buildId, status: { in: ["QUEUED", "IN_PROGRESS"] } },
      data: { status: input.status, failedPhase: input.phase, failure: input.reason, finishedAt: new Date() },
    });
    if (count === 0) throw new AppError("CONFLICT", "That build has already finished.");
    const build = await tx.imageBuild.findUniqueOrThrow({ where: { id: input.buildId }, select: { imageUri: true } });
    const words = input.status === "STOPPED" ? "was stopped" : `failed${input.phase ? ` in ${input.phase}` : ""}: ${input.reason}`;
    return { result: { id: input.buildId }, audit: { targetType: "image_build", targetId: input.buildId, summary: `The build of ${build.imageUri} ${words}`.slice(0, 1000) } };
  },
});

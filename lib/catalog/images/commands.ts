import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { imageTarget } from "@/lib/commands/object-access";
import { Prisma } from "@/generated/prisma/client";
import { asJson } from "@/lib/db/json";
import { descriptionField, idField } from "@/lib/validation/fields";
import { imageUriField } from "@/lib/aws/ecr-uri";

export const IMAGE_KINDS = ["FRAMEWORK", "CUSTOM"] as const;

/**
 * The interpreter a framework image runs on in the embedded engine: one of the names the engine allow-lists
 * (GET /_ferry/interpreters), never a host path, so a catalog entry cannot point the engine at a binary.
 */
export const interpreterField = z
  .string({ error: "Interpreter must be text" })
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "Interpreter must be a name such as python3 (the engine lists the names it knows), not a path");

export const digestField = z.string().regex(/^sha256:[a-f0-9]{64}$/, "Digest must be sha256:<64 hex>");

export const CreateImageInput = z.object({
  uri: imageUriField,
  kind: z.enum(IMAGE_KINDS, { error: "Kind must be framework or custom" }),
  description: descriptionField(1000).default(""),
  python: interpreterField.optional(),
});

/** How the embedded engine runs an image version (framework: an interpreter name, null for the default; custom: a build context). */
export const LocalRuntime = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("framework"), python: interpreterField.nullable() }),
  z.object({ kind: z.literal("custom"), buildContextUri: z.string().startsWith("s3://").max(1024), files: z.array(z.string().max(1000)).max(1000) }),
]);
export type LocalRuntime = z.infer<typeof LocalRuntime>;

export const createImage = defineCommand({
  name: "images.register",
  permission: "catalog:write",
  input: CreateImageInput,
  run: async ({ tx, input, actor }) => {
    const runtime: LocalRuntime | null = input.kind === "FRAMEWORK" ? { kind: "framework", python: input.python ?? null } : null;
    const image = await tx.image.create({
      data: { uri: input.uri, kind: input.kind, description: input.description, ownerId: actor.id, ...(runtime ? { localRuntime: asJson(runtime) } : {}) },
      select: { id: true, uri: true },
    });
    await tx.imageVersion.create({ data: { imageId: image.id, version: 1, createdById: actor.id, ...(runtime ? { localRuntime: asJson(runtime) } : {}) } });
    return { result: image, audit: { targetType: "image", targetId: image.id, summary: `Registered image ${image.uri}`, details: { kind: input.kind } } };
  },
});

/** Changing an image is for its owner and admins (lib/auth/object-rules.ts); operations check it before any side effect. */
export async function imageChange(tx: Tx, imageId: string) {
  return { action: "image:change" as const, target: await imageTarget(tx, imageId) };
}

async function findImage(tx: Tx, id: string) {
  // Locked: two changes of one image (a new version and a verification) must not both take the same version number.
  await tx.$queryRaw`SELECT id FROM images WHERE id = ${id}::uuid FOR UPDATE`;
  const image = await tx.image.findUnique({ where: { id }, select: { id: true, uri: true, kind: true, status: true, version: true, digest: true, localRuntime: true } });
  if (!image) throw new AppError("NOT_FOUND", "That image is not registered (any more).");
  return image;
}

/** Slugs of the models that run an image in any step, for messages and the images page. */
export async function modelsUsing(tx: Tx, imageId: string, take = 10) {
  return tx.model.findMany({ where: { OR: [{ imageId }, { scriptImageId: imageId }] }, select: { slug: true }, orderBy: { slug: "asc" }, take });
}

/** Deployments whose approval binds this version of the image and still counts: approved, deploying or live. */
export function deploymentsBinding(tx: Tx, image: { id: string; version: number }) {
  return tx.deployment.findMany({
    where: { status: { in: ["APPROVED", "DEPLOYING", "LIVE"] }, artifacts: { path: ["images"], array_contains: [{ imageId: image.id, version: image.version }] } },
    select: { id: true, status: true, model: { select: { slug: true } }, environment: { select: { name: true } } },
    orderBy: { requestedAt: "asc" },
    take: 20,
  });
}

/**
 * A bound version is immutable: replacing it in place would change what approved deployments run. Refused with
 * the deployments named; a new version is the way (those approvals then no longer hold until re-approved).
 */
export async function refuseReplacingBound(tx: Tx, image: { id: string; uri: string; version: number }) {
  const bound = await deploymentsBinding(tx, image);
  if (bound.length === 0) return;
  const names = bound.map((d) => `${d.model.slug} in ${d.environment.name} (${d.status.toLowerCase()})`).join(", ");
  throw new AppError(
    "CONFLICT",
    `${image.uri} version ${image.version} is bound by approved or live deployments: ${names}. Upload it as a new version instead; those deployments then need a new approval.`,
  );
}

/** Writes an image's next state: in place (the current version) or as a new version; image_versions keeps each. */
async function recordVersion(tx: Tx, image: { id: string; version: number }, state: { digest: string | null; localRuntime: LocalRuntime | null }, newVersion: boolean, actorId: string) {
  const version = newVersion ? image.version + 1 : image.version;
  const localRuntime = state.localRuntime ? asJson(state.localRuntime) : Prisma.JsonNull;
  await tx.image.update({ where: { id: image.id }, data: { version, digest: state.digest, localRuntime } });
  await tx.imageVersion.upsert({
    where: { imageId_version: { imageId: image.id, version } },
    create: { imageId: image.id, version, digest: state.digest, localRuntime, createdById: actorId },
    update: { digest: state.digest, localRuntime, createdById: actorId, createdAt: new Date() },
  });
  return version;
}

export const setImageStatus = defineCommand({
  name: "images.set_status",
  permission: "catalog:write",
  input: z.object({ imageId: idField("Image"), status: z.enum(["ACTIVE", "DEPRECATED"], { error: "Status must be ACTIVE or DEPRECATED" }) }),
  object: ({ tx, input }) => imageChange(tx, input.imageId),
  run: async ({ tx, input }) => {
    const image = await findImage(tx, input.imageId);
    await tx.image.update({ where: { id: image.id }, data: { status: input.status } });
    const verb = input.status === "DEPRECATED" ? "Deprecated" : "Reactivated";
    return { result: { id: image.id }, audit: { targetType: "image", targetId: image.id, summary: `${verb} image ${image.uri}` } };
  },
});

/** Images in use are kept (runs and approvals refer to them): they can only be deprecated. */
export const deleteImage = defineCommand({
  name: "images.delete",
  permission: "catalog:write",
  input: z.object({ imageId: idField("Image") }),
  object: ({ tx, input }) => imageChange(tx, input.imageId),
  run: async ({ tx, input }) => {
    // Locked by findImage, so a model cannot start using it between the check and the delete.
    const image = await findImage(tx, input.imageId);
    const users = await modelsUsing(tx, image.id, 5);
    if (users.length > 0) {
      throw new AppError("CONFLICT", `${image.uri} is used by ${users.map((m) => m.slug).join(", ")}; deprecate it instead.`);
    }
    await tx.image.delete({ where: { id: image.id } });
    return { result: { id: image.id }, audit: { targetType: "image", targetId: image.id, summary: `Deleted image ${image.uri}` } };
  },
});

export const RecordImageRuntimeInput = z.object({
  imageId: idField("Image"),
  runtime: LocalRuntime,
  /** The build's content digest as the engine returned it (null until it does, or for AWS's framework images). */
  digest: digestField.nullable().default(null),
  /** A new version rather than a replacement of the current one; required once an approval binds the current one. */
  newVersion: z.boolean({ error: "newVersion must be true or false" }).default(false),
});

export const recordImageRuntime = defineCommand({
  name: "images.record_runtime",
  permission: "catalog:write",
  input: RecordImageRuntimeInput,
  object: ({ tx, input }) => imageChange(tx, input.imageId),
  run: async ({ tx, input, actor }) => {
    const image = await findImage(tx, input.imageId);
    if (image.kind === "CUSTOM" && input.runtime.kind !== "custom") throw new AppError("INVALID_INPUT", "A custom image runs from a build context.", { runtime: ["Needs a build context"] });
    if (image.kind === "FRAMEWORK" && input.runtime.kind !== "framework") throw new AppError("INVALID_INPUT", "A framework image runs on an interpreter.", { runtime: ["Needs an interpreter"] });
    if (!input.newVersion) await refuseReplacingBound(tx, image);
    const version = await recordVersion(tx, image, { digest: input.digest, localRuntime: input.runtime }, input.newVersion, actor.id);
    const what = input.runtime.kind === "custom" ? "build context" : `interpreter (${input.runtime.python ?? "default"})`;
    const summary = input.newVersion ? `Published version ${version} of ${image.uri} (new ${what})` : `Replaced the ${what} of ${image.uri} (version ${version})`;
    return { result: { id: image.id, version, digest: input.digest }, audit: { targetType: "image", targetId: image.id, summary, details: asJson({ version, digest: input.digest, runtime: input.runtime }) } };
  },
});

/**
 * ECR's digest for the image's tag. A digest that differs from the current version's means other bytes: while
 * an approval binds the current version, they become a new version (so that approval no longer holds).
 */
export const recordImageVerification = defineCommand({
  name: "images.record_verification",
  permission: "catalog:write",
  input: z.object({ imageId: idField("Image"), digest: digestField }),
  object: ({ tx, input }) => imageChange(tx, input.imageId),
  run: async ({ tx, input, actor }) => {
    const image = await findImage(tx, input.imageId);
    let version = image.version;
    if (image.digest !== input.digest) {
      const bound = (await deploymentsBinding(tx, image)).length > 0;
      version = await recordVersion(tx, image, { digest: input.digest, localRuntime: LocalRuntime.nullable().catch(null).parse(image.localRuntime) }, bound, actor.id);
    }
    await tx.image.update({ where: { id: image.id }, data: { verifiedAt: new Date() } });
    return { result: { id: image.id, digest: input.digest, version }, audit: { targetType: "image", targetId: image.id, summary: `Verified ${image.uri} in ECR (${input.digest.slice(0, 19)}…, version ${version})` } };
  },
});

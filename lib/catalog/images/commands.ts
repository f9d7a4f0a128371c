import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { asJson } from "@/lib/db/json";
import { descriptionField, idField } from "@/lib/validation/fields";
import { imageUriField } from "./uri";

export const IMAGE_KINDS = ["FRAMEWORK", "CUSTOM"] as const;

/** An absolute path to a Python interpreter on the engine's host (framework images run their entrypoint on it). */
export const pythonPathField = z
  .string({ error: "Python must be a path" })
  .trim()
  .max(200, "Python path must be at most 200 characters")
  .regex(/^(\/[\w.+-]+)+$/, "Python must be an absolute path such as /usr/bin/python3");

export const CreateImageInput = z.object({
  uri: imageUriField,
  kind: z.enum(IMAGE_KINDS, { error: "Kind must be framework or custom" }),
  description: descriptionField(1000).default(""),
  python: pythonPathField.optional(),
});

/** How the embedded engine runs an image; stored on the image (framework: a host Python; custom: a build context). */
export const LocalRuntime = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("framework"), python: z.string().nullable() }),
  z.object({ kind: z.literal("custom"), buildContextUri: z.string(), files: z.array(z.string()) }),
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
    return { result: image, audit: { targetType: "image", targetId: image.id, summary: `Registered image ${image.uri}`, details: { kind: input.kind } } };
  },
});

async function findImage(tx: Tx, id: string) {
  const image = await tx.image.findUnique({ where: { id }, select: { id: true, uri: true, kind: true, status: true } });
  if (!image) throw new AppError("NOT_FOUND", "That image is not registered (any more).");
  return image;
}

/** Slugs of the models that run an image in any step, for messages and the images page. */
export async function modelsUsing(tx: Tx, imageId: string, take = 10) {
  return tx.model.findMany({ where: { OR: [{ imageId }, { scriptImageId: imageId }] }, select: { slug: true }, orderBy: { slug: "asc" }, take });
}

export const setImageStatus = defineCommand({
  name: "images.set_status",
  permission: "catalog:write",
  input: z.object({ imageId: idField("Image"), status: z.enum(["ACTIVE", "DEPRECATED"], { error: "Status must be ACTIVE or DEPRECATED" }) }),
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
  run: async ({ tx, input }) => {
    const image = await findImage(tx, input.imageId);
    // Lock the image so a model cannot start using it between the check and the delete.
    await tx.$queryRaw`SELECT id FROM images WHERE id = ${image.id}::uuid FOR UPDATE`;
    const users = await modelsUsing(tx, image.id, 5);
    if (users.length > 0) {
      throw new AppError("CONFLICT", `${image.uri} is used by ${users.map((m) => m.slug).join(", ")}; deprecate it instead.`);
    }
    await tx.image.delete({ where: { id: image.id } });
    return { result: { id: image.id }, audit: { targetType: "image", targetId: image.id, summary: `Deleted image ${image.uri}` } };
  },
});

export const recordImageRuntime = defineCommand({
  name: "images.record_runtime",
  permission: "catalog:write",
  input: z.object({ imageId: idField("Image"), runtime: LocalRuntime }),
  run: async ({ tx, input }) => {
    const image = await findImage(tx, input.imageId);
    if (image.kind === "CUSTOM" && input.runtime.kind !== "custom") throw new AppError("INVALID_INPUT", "A custom image runs from a build context.");
    await tx.image.update({ where: { id: image.id }, data: { localRuntime: asJson(input.runtime) } });
    const summary = input.runtime.kind === "custom" ? `Uploaded a build context for ${image.uri}` : `Set the local Python of ${image.uri}`;
    return { result: { id: image.id }, audit: { targetType: "image", targetId: image.id, summary, details: asJson(input.runtime) } };
  },
});

export const recordImageVerification = defineCommand({
  name: "images.record_verification",
  permission: "catalog:write",
  input: z.object({ imageId: idField("Image"), digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, "Digest must be sha256:<64 hex>") }),
  run: async ({ tx, input }) => {
    const image = await findImage(tx, input.imageId);
    await tx.image.update({ where: { id: image.id }, data: { digest: input.digest, verifiedAt: new Date() } });
    return { result: { id: image.id, digest: input.digest }, audit: { targetType: "image", targetId: image.id, summary: `Verified ${image.uri} in ECR (${input.digest.slice(0, 19)}…)` } };
  },
});

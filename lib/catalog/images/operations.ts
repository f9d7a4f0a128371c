import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { admit, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { putObject, s3Uri, sha256 } from "@/lib/storage/objects";
import { idField } from "@/lib/validation/fields";
import { catalogStorage } from "@/lib/catalog/storage";
import { acceptFiles, UploadedFiles } from "@/lib/catalog/uploads";
import { requireAllowed } from "@/lib/commands/object-access";
import { createImage, CreateImageInput, imageChange, recordImageRuntime, recordImageVerification, refuseReplacingBound } from "./commands";
import { registerWithEngine } from "./engine-registry";
import { ecrDigestOf } from "./verify";
import { isAwsFrameworkImage, parseImageUri } from "@/lib/aws/ecr-uri";

/**
 * Registers an image. A framework image that is not one of AWS's (which the engine knows already) is first
 * registered with the catalog's environment when that is the engine, so a failure there leaves the catalog unchanged.
 */
export async function registerImage(db: PrismaClient, actor: Actor | null, raw: z.input<typeof CreateImageInput>) {
  const { input } = admit(actor, "catalog:write", CreateImageInput, raw, "images.register");
  const parsed = parseImageUri(input.uri);
  if (input.kind === "FRAMEWORK" && parsed && !isAwsFrameworkImage(parsed)) {
    await registerWithEngine(await catalogStorage(db), { imageUri: input.uri, kind: "framework", ...(input.python ? { python: input.python } : {}) });
  }
  return executeCommand(db, createImage, actor, input);
}

export const UploadBuildContextInput = z.object({
  imageId: idField("Image"),
  files: UploadedFiles,
  /** Publish the context as the image's next version (required while an approval binds the current one). */
  newVersion: z.boolean({ error: "newVersion must be true or false" }).default(false),
});

/**
 * A custom image's build context (Dockerfile and what it copies) → the catalog's bucket → the engine, when the
 * catalog's environment is the engine, which builds it under the image's tag; then the image records the
 * context and the digest ECR reports for the build, in place or as a new version. Who may, and whether the
 * current version is bound by an approval, is checked before anything is stored or registered. Contexts are
 * content-addressed, so uploading the same folder twice writes the same objects.
 */
export async function uploadBuildContext(db: PrismaClient, actor: Actor | null, raw: z.input<typeof UploadBuildContextInput>) {
  const admitted = admit(actor, "catalog:write", UploadBuildContextInput, raw, "images.record_runtime");
  const { input } = admitted;
  await requireAllowed(db, admitted.actor, await imageChange(db, input.imageId));
  const image = await db.image.findUnique({ where: { id: input.imageId }, select: { id: true, uri: true, kind: true, version: true } });
  if (!image) throw new AppError("NOT_FOUND", "That image is not registered (any more).");
  if (image.kind !== "CUSTOM") throw new AppError("INVALID_INPUT", "Only custom images have a build context; framework images run on an interpreter.");
  if (!input.newVersion) await refuseReplacingBound(db, image);
  const files = acceptFiles(input.files, { anyExtension: true });
  if (!files.some((f) => f.name === "Dockerfile")) throw new AppError("INVALID_INPUT", "The build context needs a Dockerfile at its top level.", { files: ["No Dockerfile"] });
  const storage = await catalogStorage(db);
  const contextDigest = sha256(files.map((f) => `${f.name}\0${f.sha256}`).sort().join("\n")).slice(0, 16);
  const prefix = `ferry/images/${image.id}/${contextDigest}/`;
  for (const file of files) await putObject(storage.s3, { bucket: storage.bucket, key: `${prefix}${file.name}` }, file.bytes);
  const buildContextUri = s3Uri({ bucket: storage.bucket, key: prefix });
  const { registered } = await registerWithEngine(storage, { imageUri: image.uri, kind: "custom", buildContextUri });
  const digest = registered ? await ecrDigestOf(db, image.uri, actor) : null;
  const runtime = { kind: "custom" as const, buildContextUri, files: files.map((f) => f.name).sort() };
  return executeCommand(db, recordImageRuntime, actor, { imageId: image.id, runtime, digest, newVersion: input.newVersion });
}

/** Asks ECR whether the image exists (DescribeImages) and records its digest, in either mode (verify.ts). */
const VerifyImageInput = z.object({ imageId: idField("Image") });

export async function verifyImage(db: PrismaClient, actor: Actor | null, raw: z.input<typeof VerifyImageInput>) {
  const admitted = admit(actor, "catalog:write", VerifyImageInput, raw, "images.record_verification");
  const { input } = admitted;
  await requireAllowed(db, admitted.actor, await imageChange(db, input.imageId));
  const image = await db.image.findUnique({ where: { id: input.imageId }, select: { id: true, uri: true } });
  if (!image) throw new AppError("NOT_FOUND", "That image is not registered (any more).");
  return executeCommand(db, recordImageVerification, actor, { imageId: image.id, digest: await ecrDigestOf(db, image.uri, actor) });
}

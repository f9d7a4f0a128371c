import { DescribeImagesCommand, ImageNotFoundException, RepositoryNotFoundException } from "@aws-sdk/client-ecr";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { awsClients } from "@/lib/aws/clients";
import { admit, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { targetFor } from "@/lib/environments/target";
import { putObject, s3Uri, sha256 } from "@/lib/storage/objects";
import { idField } from "@/lib/validation/fields";
import { awsEnvironmentFor, catalogStorage } from "@/lib/catalog/storage";
import { acceptFiles, UploadedFiles } from "@/lib/catalog/uploads";
import { requireAllowed } from "@/lib/commands/object-access";
import { createImage, CreateImageInput, digestField, imageChange, recordImageRuntime, recordImageVerification, refuseReplacingBound } from "./commands";
import { registerWithEngine } from "./engine-registry";
import { isAwsFrameworkImage, parseImageUri } from "@/lib/aws/ecr-uri";

/**
 * Registers an image. A framework image that is not one of AWS's (which the engine knows already) is first
 * registered with the embedded engine, so a failure there leaves the catalog unchanged.
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

// registerWithEngine answers { digest } once the engine returns content digests (see lib/engine/images/README.md);
// read through zod so an answer without one means "no digest yet", never a crash.
const EngineDigest = z.object({ digest: digestField.nullable() }).catch({ digest: null });

/**
 * A custom image's build context (Dockerfile and what it copies) → the catalog's bucket → the embedded engine,
 * which interprets the Dockerfile and returns the build's digest; then the image records the context and the
 * digest, in place or as a new version. Who may, and whether the current version is bound by an approval, is
 * checked before anything is stored or registered: the engine's mapping is what a tag runs.
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
  const { digest } = EngineDigest.parse(await registerWithEngine(storage, { imageUri: image.uri, kind: "custom", buildContextUri }));
  const runtime = { kind: "custom" as const, buildContextUri, files: files.map((f) => f.name).sort() };
  return executeCommand(db, recordImageRuntime, actor, { imageId: image.id, runtime, digest, newVersion: input.newVersion });
}

/** Asks ECR whether the image exists (DescribeImages) and records its digest. Needs an AWS environment in its region. */
const VerifyImageInput = z.object({ imageId: idField("Image") });

export async function verifyImage(db: PrismaClient, actor: Actor | null, raw: z.input<typeof VerifyImageInput>) {
  const admitted = admit(actor, "catalog:write", VerifyImageInput, raw, "images.record_verification");
  const { input } = admitted;
  await requireAllowed(db, admitted.actor, await imageChange(db, input.imageId));
  const image = await db.image.findUnique({ where: { id: input.imageId }, select: { id: true, uri: true } });
  if (!image) throw new AppError("NOT_FOUND", "That image is not registered (any more).");
  const parsed = parseImageUri(image.uri);
  if (!parsed) throw new AppError("INVALID_INPUT", "The image URI is not an ECR URI.");
  const environment = await awsEnvironmentFor(db, parsed.region);
  if (!environment) {
    throw new AppError("CONFLICT", `Verifying needs an AWS environment in ${parsed.region}; the embedded engine has no ECR and runs images locally.`);
  }
  const imageId = parsed.digest ? { imageDigest: parsed.digest } : { imageTag: parsed.tag ?? "latest" };
  try {
    const out = await awsClients(targetFor(environment)).ecr.send(
      new DescribeImagesCommand({ registryId: parsed.account, repositoryName: parsed.repository, imageIds: [imageId] }),
    );
    const digest = out.imageDetails?.[0]?.imageDigest;
    if (!digest) throw new AppError("NOT_FOUND", `ECR has no image ${image.uri}.`);
    return executeCommand(db, recordImageVerification, actor, { imageId: image.id, digest });
  } catch (error) {
    if (error instanceof ImageNotFoundException || error instanceof RepositoryNotFoundException) {
      throw new AppError("NOT_FOUND", `ECR has no image ${image.uri} (${error.name}).`, undefined, error.message);
    }
    throw error;
  }
}

import { CopyObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { admit, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { getObjectBytes, parseS3Uri, putObject } from "@/lib/storage/objects";
import { idField } from "@/lib/validation/fields";
import { catalogStorage, type CatalogStorage } from "@/lib/catalog/storage";
import { acceptFiles, UploadedFiles, type AcceptedFile } from "@/lib/catalog/uploads";
import { requireAllowed } from "@/lib/commands/object-access";
import { codeChange, codePrefix, latestCodeVersion, recordCodeVersion, removeScripts, RemoveScriptsInput, stagedKey, type CodeFile } from "./code-versions";
import { isRequirements, localModuleOf } from "./file-names";
import { checkReadiness } from "./readiness";

export const UploadScriptsInput = z.object({ modelId: idField("Model"), files: UploadedFiles });

const decoder = new TextDecoder("utf-8", { fatal: false });

/** requirements.txt of the new set: the uploaded one, else the one already in the model's code. */
async function requirementsText(storage: CatalogStorage, uploaded: AcceptedFile[], previous: { files: CodeFile[]; s3Uri: string | null }): Promise<string | null> {
  const fresh = uploaded.find((f) => f.name === "requirements.txt") ?? uploaded.find((f) => isRequirements(f.name));
  if (fresh) return decoder.decode(fresh.bytes);
  const kept = previous.files.find((f) => f.name === "requirements.txt") ?? previous.files.find((f) => isRequirements(f.name));
  if (!kept || !previous.s3Uri) return null;
  const prefix = parseS3Uri(previous.s3Uri);
  return decoder.decode(await getObjectBytes(storage.s3, { bucket: prefix.bucket, key: `${prefix.key}${kept.name}` }));
}

/**
 * Upload → code version: files checked and readiness-checked, bytes staged by sha256, the version recorded (the
 * number is assigned under a lock), then its prefix ferry/code/<model>/<version>/ filled with the complete set.
 * Filling is a pure function of the recorded version, so a retry after a failure writes the same bytes.
 */
export async function uploadScripts(db: PrismaClient, actor: Actor | null, raw: z.input<typeof UploadScriptsInput>) {
  const admitted = admit(actor, "catalog:write", UploadScriptsInput, raw, "scripts.upload");
  const { input } = admitted;
  // Before any byte is staged under the model's prefix.
  await requireAllowed(db, admitted.actor, await codeChange(db, input.modelId));
  const model = await db.model.findUnique({ where: { id: input.modelId }, select: { id: true, slug: true } });
  if (!model) throw new AppError("NOT_FOUND", "That model no longer exists.");
  const files = acceptFiles(input.files);
  const storage = await catalogStorage(db);
  const previous = await latestCodeVersion(db, model.id);
  const requirements = await requirementsText(storage, files, previous);
  const names = [...previous.files.map((f) => f.name), ...files.map((f) => f.name)];
  const staged = await stageCodeFiles(storage, model.slug, files, { requirements, names });
  const recorded = await executeCommand(db, recordCodeVersion, actor, { modelId: model.id, files: staged });
  await fillCodePrefix(storage, recorded.slug, recorded.codeVersion, recorded.files);
  return recorded;
}

/**
 * Readiness-checks accepted files (against the requirements and the module names of the set they will join) and
 * stages their bytes by sha256 under the model's prefix: the files a code version command then records.
 */
export async function stageCodeFiles(storage: CatalogStorage, slug: string, files: AcceptedFile[], context: { requirements: string | null; names: string[] }) {
  const localModules = [...new Set(context.names)].map(localModuleOf).filter((m): m is string => m !== null);
  for (const file of files) await putObject(storage.s3, { bucket: storage.bucket, key: stagedKey(slug, file.sha256) }, file.bytes);
  return files.map((f) => ({
    name: f.name,
    sha256: f.sha256,
    sizeBytes: f.sizeBytes,
    readiness: checkReadiness(f.name, decoder.decode(f.bytes), { requirements: context.requirements, localModules }),
  }));
}

/** Removes files from the model's code: the command records the new version, then its prefix is filled. */
export async function removeScriptFiles(db: PrismaClient, actor: Actor | null, raw: z.input<typeof RemoveScriptsInput>) {
  const removed = await executeCommand(db, removeScripts, actor, raw);
  await fillCodePrefix(await catalogStorage(db), removed.slug, removed.codeVersion, removed.files);
  return removed;
}

export async function fillCodePrefix(storage: CatalogStorage, slug: string, version: number, files: CodeFile[]) {
  const prefix = codePrefix(slug, version);
  for (const file of files) {
    await storage.s3.send(
      new CopyObjectCommand({ Bucket: storage.bucket, Key: `${prefix}${file.name}`, CopySource: `${storage.bucket}/${stagedKey(slug, file.sha256)}` }),
    );
  }
}

/** The bytes of one script version, read back from the code prefix it was stored under. */
export async function readScriptVersionBytes(db: PrismaClient, s3UriOfVersion: string): Promise<Uint8Array> {
  const storage = await catalogStorage(db);
  return getObjectBytes(storage.s3, parseS3Uri(s3UriOfVersion));
}

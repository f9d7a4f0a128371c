import { createHash } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import type { AcceptedFile } from "@/lib/catalog/uploads";
import { BUILD_CONTEXT_PREFIX } from "@/lib/pipelines/build-project";
import { getObjectBytes, parseS3Uri, putObject, s3Uri } from "@/lib/storage/objects";
import type { ContextText } from "./readiness";

/**
 * A build context's content address, the engine's own (lib/engine/images/context-files.ts): `sha256:` + SHA-256
 * of the JSON list of `[path, sha256(file)]` sorted by the paths' UTF-8 bytes. The same files give the same
 * address wherever they are stored, and the engine's build names the same digest as its layer.
 */
export function contextDigestOf(files: readonly Pick<AcceptedFile, "name" | "sha256">[]): string {
  const manifest = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name))).map((f) => [f.name, f.sha256]);
  return `sha256:${createHash("sha256").update(JSON.stringify(manifest)).digest("hex")}`;
}

/** `s3://<bucket>/ferry/build-contexts/<hex>/`: storing the same files again writes the same objects. */
export async function storeContext(s3: S3Client, bucket: string, files: readonly AcceptedFile[]): Promise<{ contextUri: string; contextDigest: string }> {
  const contextDigest = contextDigestOf(files);
  const prefix = `${BUILD_CONTEXT_PREFIX}${contextDigest.replace("sha256:", "")}/`;
  for (const file of files) await putObject(s3, { bucket, key: `${prefix}${file.name}` }, file.bytes);
  return { contextUri: s3Uri({ bucket, key: prefix }), contextDigest };
}

/** A context Ferry stored before, read back file by file (its names come from Ferry's own rows, never from a request). */
export async function readContext(s3: S3Client, contextUri: string, names: readonly string[]): Promise<AcceptedFile[]> {
  const { bucket, key } = parseS3Uri(contextUri);
  return Promise.all(
    names.map(async (name) => {
      const bytes = await getObjectBytes(s3, { bucket, key: `${key}${name}` });
      return { name, bytes, sha256: createHash("sha256").update(bytes).digest("hex"), sizeBytes: bytes.byteLength };
    }),
  );
}

const decoder = new TextDecoder("utf-8", { fatal: true });

export function asText(files: readonly AcceptedFile[]): ContextText[] {
  return files.map((file) => {
    try {
      return { name: file.name, text: decoder.decode(file.bytes) };
    } catch {
      return { name: file.name, text: null };
    }
  });
}

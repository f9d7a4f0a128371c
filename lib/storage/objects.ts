import { createHash } from "node:crypto";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";

/**
 * Ferry's object storage: the S3 client of an environment (real S3, or the embedded engine's), with the
 * few operations the catalog needs. Keys are always built by Ferry, never taken from user input as is.
 */
export type S3Location = { bucket: string; key: string };

export function s3Uri({ bucket, key }: S3Location): string {
  return `s3://${bucket}/${key}`;
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!match?.[1]) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: match[1], key: match[2] ?? "" };
}

export function sha256(body: Uint8Array | string): string {
  return createHash("sha256").update(body).digest("hex");
}

export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!(error instanceof NotFound) && (error as { name?: string }).name !== "NotFound") throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}

/** Stores bytes and returns their sha256, which the catalog records so later reads can be verified. */
export async function putObject(s3: S3Client, location: S3Location, body: Uint8Array | string, contentType = "application/octet-stream") {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  await s3.send(new PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: bytes, ContentType: contentType }));
  return { sha256: sha256(bytes), sizeBytes: bytes.byteLength };
}

export async function getObjectBytes(s3: S3Client, location: S3Location): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  if (!out.Body) throw new Error(`empty body for ${s3Uri(location)}`);
  return out.Body.transformToByteArray();
}

export type ListedObject = { key: string; sizeBytes: number; lastModified: Date | null };

/** One page of objects under a prefix, folders ("common prefixes") separated, as an output browser shows them. */
export async function listPrefix(s3: S3Client, location: S3Location, continuationToken?: string) {
  const out = await s3.send(
    new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.key, Delimiter: "/", ContinuationToken: continuationToken, MaxKeys: 200 }),
  );
  return {
    objects: (out.Contents ?? []).map((o): ListedObject => ({ key: o.Key ?? "", sizeBytes: o.Size ?? 0, lastModified: o.LastModified ?? null })),
    folders: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""),
    nextToken: out.NextContinuationToken ?? null,
  };
}

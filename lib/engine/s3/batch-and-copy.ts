import { createReadStream } from "node:fs";
import type { IncomingMessage } from "node:http";
import { AwsError } from "../errors";
import type { NewObject, ObjectMeta, S3Store } from "./store";
import { parseXml } from "./xml";

/** CopyObject: `x-amz-copy-source: /bucket/key`; metadata is copied unless the directive is REPLACE. */
export async function copyObject(
  store: S3Store,
  req: IncomingMessage,
  bucket: string,
  key: string,
  replacement: NewObject,
): Promise<ObjectMeta> {
  const header = String(req.headers["x-amz-copy-source"] ?? "");
  const source = decodeURIComponent(header.split("?")[0] ?? "").replace(/^\//, "");
  const slash = source.indexOf("/");
  if (slash <= 0) throw new AwsError("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey", 400);
  const sourceBucket = source.slice(0, slash);
  const from = store.head(sourceBucket, source.slice(slash + 1));
  const replace = String(req.headers["x-amz-metadata-directive"] ?? "COPY").toUpperCase() === "REPLACE";
  return store.put(bucket, key, createReadStream(store.dataPath(sourceBucket, from)), {
    contentType: replace ? replacement.contentType : from.contentType,
    metadata: replace ? replacement.metadata : from.metadata,
  });
}

/** DeleteObjects (`POST /bucket?delete`): deleting a missing key counts as deleted, as in S3. */
export async function deleteObjects(store: S3Store, bucket: string, body: Buffer): Promise<Record<string, unknown>> {
  const root = parseXml(body.toString("utf8")).Delete as { Object?: { Key?: string }[]; Quiet?: string } | undefined;
  const keys = (root?.Object ?? []).map((entry) => String(entry.Key ?? ""));
  if (keys.length === 0 || keys.length > 1000) throw new AwsError("MalformedXML", "The XML you provided was not well-formed.", 400);
  store.bucket(bucket);
  for (const key of keys) await store.delete(bucket, key);
  return root?.Quiet === "true" ? {} : { Deleted: keys.map((key) => ({ Key: key })) };
}

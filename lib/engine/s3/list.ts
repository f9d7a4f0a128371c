import { AwsError } from "../errors";
import type { ObjectMeta } from "./store";

export interface ListRequest {
  prefix: string;
  delimiter: string;
  maxKeys: number;
  startAfter: string;
  continuationToken?: string;
}

export interface ListPage {
  contents: ObjectMeta[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

interface Cursor {
  /** Last key or common prefix returned. */
  after: string;
  /** When `after` is a common prefix, every key under it was already summarised. */
  prefix: boolean;
}

/** ListObjectsV2 over keys already in S3 order; common prefixes count towards MaxKeys as they do in S3. */
export function listPage(sortedKeys: string[], objects: Map<string, ObjectMeta>, request: ListRequest): ListPage {
  const cursor = request.continuationToken
    ? decodeToken(request.continuationToken)
    : { after: request.startAfter, prefix: false };
  const page: ListPage = { contents: [], commonPrefixes: [], isTruncated: false };
  let last: Cursor | undefined;
  for (const key of sortedKeys) {
    if (!key.startsWith(request.prefix) || !isAfter(key, cursor)) continue;
    const common = commonPrefixOf(key, request.prefix, request.delimiter);
    if (common !== undefined && last?.prefix && last.after === common) continue;
    if (page.contents.length + page.commonPrefixes.length >= request.maxKeys) {
      page.isTruncated = true;
      break;
    }
    if (common !== undefined) {
      page.commonPrefixes.push(common);
      last = { after: common, prefix: true };
    } else {
      const meta = objects.get(key);
      if (meta) page.contents.push(meta);
      last = { after: key, prefix: false };
    }
  }
  if (page.isTruncated && last) page.nextContinuationToken = encodeToken(last);
  return page;
}

function isAfter(key: string, cursor: Cursor): boolean {
  if (cursor.prefix && key.startsWith(cursor.after)) return false;
  return Buffer.compare(Buffer.from(key), Buffer.from(cursor.after)) > 0;
}

function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  if (!delimiter) return undefined;
  const index = key.indexOf(delimiter, prefix.length);
  return index < 0 ? undefined : key.slice(0, index + delimiter.length);
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64");
}

function decodeToken(token: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as Partial<Cursor>;
    if (typeof cursor.after === "string" && typeof cursor.prefix === "boolean") {
      return { after: cursor.after, prefix: cursor.prefix };
    }
  } catch {
    // falls through to S3's error for a token it did not issue
  }
  throw new AwsError("InvalidArgument", "The continuation token provided is incorrect", 400);
}

import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { AwsError } from "../errors";
import { readBody } from "../http/body";
import { splitTarget } from "../http/raw-url";
import { AwsChunkedDecoder } from "./aws-chunked";
import { copyObject, deleteObjects } from "./batch-and-copy";
import { notModified } from "./conditions";
import { requestedMd5 } from "./content-md5";
import { listPage } from "./list";
import type { MultipartUploads } from "./multipart";
import { assertKeyLength } from "./names";
import { parseRange } from "./range";
import type { NewObject, ObjectMeta, S3Store } from "./store";
import { parseXml, toXml } from "./xml";

/** S3's REST API, path-style (`/bucket/key`), for the operations Ferry, lib-storage and `aws s3` use. */
export class S3Handler {
  constructor(
    private readonly store: S3Store,
    private readonly uploads: MultipartUploads,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (error) {
      this.sendError(req, res, error);
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { path, query } = splitTarget(req.url ?? "/");
    const slash = path.indexOf("/", 1);
    const bucket = decodePath(slash < 0 ? path.slice(1) : path.slice(1, slash));
    const key = slash < 0 ? "" : decodePath(path.slice(slash + 1));
    const method = req.method ?? "GET";
    if (!bucket) {
      if (method === "GET") return this.listBuckets(res);
      throw new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405);
    }
    if (!key) return this.routeBucket(method, bucket, query, req, res);
    return this.routeObject(method, bucket, key, query, req, res);
  }

  private async routeBucket(
    method: string,
    bucket: string,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    switch (method) {
      case "PUT":
        await readBody(req, 1024 * 1024);
        await this.store.createBucket(bucket);
        res.writeHead(200, { Location: `/${bucket}` }).end();
        return;
      case "HEAD":
        this.store.bucket(bucket);
        res.writeHead(200, { "x-amz-bucket-region": "us-east-1" }).end();
        return;
      case "DELETE":
        await this.store.deleteBucket(bucket);
        res.writeHead(204).end();
        return;
      case "GET":
        if (query.has("location")) return this.sendXml(res, "LocationConstraint", {});
        return this.listObjects(bucket, query, res);
      case "POST":
        if (!query.has("delete")) break;
        return this.sendXml(res, "DeleteResult", await deleteObjects(this.store, bucket, await readBody(req, 2 * 1024 * 1024)));
    }
    throw new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405);
  }

  private async routeObject(
    method: string,
    bucket: string,
    key: string,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const uploadId = query.get("uploadId");
    if (method === "PUT" || method === "POST") assertKeyLength(key);
    if (method === "POST" && query.has("uploads")) {
      const id = await this.uploads.create(bucket, key, objectOptions(req));
      return this.sendXml(res, "InitiateMultipartUploadResult", { Bucket: bucket, Key: key, UploadId: id });
    }
    if (method === "PUT" && uploadId !== null) {
      const etag = await this.uploads.uploadPart(bucket, key, uploadId, Number(query.get("partNumber")), body(req), requestedMd5(req.headers));
      res.writeHead(200, { ETag: etag }).end();
      return;
    }
    if (method === "POST" && uploadId !== null) return this.completeUpload(bucket, key, uploadId, req, res);
    if (method === "DELETE" && uploadId !== null) {
      await this.uploads.abort(bucket, key, uploadId);
      res.writeHead(204).end();
      return;
    }
    switch (method) {
      case "PUT": {
        if (req.headers["x-amz-copy-source"]) {
          const copied = await copyObject(this.store, req, bucket, key, objectOptions(req));
          return this.sendXml(res, "CopyObjectResult", { ETag: copied.etag, LastModified: iso(copied.lastModified) });
        }
        const meta = await this.store.put(bucket, key, body(req), objectOptions(req), requestedMd5(req.headers));
        res.writeHead(200, { ETag: meta.etag }).end();
        return;
      }
      case "GET":
      case "HEAD":
        return this.getObject(method, bucket, key, req, res);
      case "DELETE":
        await this.store.delete(bucket, key);
        res.writeHead(204).end();
        return;
      default:
        throw new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405);
    }
  }

  private listBuckets(res: ServerResponse): void {
    const buckets = this.store.listBuckets().map((b) => ({ Name: b.name, CreationDate: iso(b.created) }));
    this.sendXml(res, "ListAllMyBucketsResult", {
      Owner: { ID: "ferry", DisplayName: "ferry" },
      Buckets: buckets.length ? { Bucket: buckets } : "",
    });
  }

  private listObjects(bucket: string, query: URLSearchParams, res: ServerResponse): void {
    const request = {
      prefix: query.get("prefix") ?? "",
      delimiter: query.get("delimiter") ?? "",
      maxKeys: Math.min(Number(query.get("max-keys") ?? 1000), 1000),
      startAfter: query.get("start-after") ?? "",
      continuationToken: query.get("continuation-token") ?? undefined,
    };
    if (!Number.isInteger(request.maxKeys) || request.maxKeys < 0) {
      throw new AwsError("InvalidArgument", "max-keys must be a non-negative integer", 400);
    }
    const page = listPage(this.store.sortedKeys(bucket), this.store.bucket(bucket).objects, request);
    // The AWS CLI asks for url encoding so that any key survives XML; it decodes these fields itself.
    const encode = query.get("encoding-type") === "url" ? encodeURIComponent : (text: string) => text;
    this.sendXml(res, "ListBucketResult", {
      Name: bucket,
      Prefix: encode(request.prefix),
      ...(request.delimiter ? { Delimiter: encode(request.delimiter) } : {}),
      MaxKeys: request.maxKeys,
      KeyCount: page.contents.length + page.commonPrefixes.length,
      IsTruncated: page.isTruncated,
      ...(request.continuationToken ? { ContinuationToken: request.continuationToken } : {}),
      ...(page.nextContinuationToken ? { NextContinuationToken: page.nextContinuationToken } : {}),
      ...(request.startAfter ? { StartAfter: encode(request.startAfter) } : {}),
      ...(query.get("encoding-type") === "url" ? { EncodingType: "url" } : {}),
      Contents: page.contents.map((meta) => ({
        Key: encode(meta.key),
        LastModified: iso(meta.lastModified),
        ETag: meta.etag,
        Size: meta.size,
        StorageClass: "STANDARD",
      })),
      CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
    });
  }

  private getObject(method: string, bucket: string, key: string, req: IncomingMessage, res: ServerResponse): void {
    const meta = this.store.head(bucket, key);
    if (notModified(req.headers, meta)) {
      res.writeHead(304, { ETag: meta.etag, "Last-Modified": new Date(meta.lastModified).toUTCString() }).end();
      return;
    }
    const headers = objectHeaders(meta);
    const range = req.headers.range ? parseRange(req.headers.range, meta.size) : undefined;
    if (range) {
      headers["Content-Range"] = `bytes ${range.start}-${range.end}/${meta.size}`;
      headers["Content-Length"] = String(range.end - range.start + 1);
    }
    res.writeHead(range ? 206 : 200, headers);
    if (method === "HEAD" || meta.size === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(this.store.dataPath(bucket, meta), range ? { start: range.start, end: range.end } : {});
    stream.on("error", () => res.destroy());
    stream.pipe(res);
  }

  private async completeUpload(
    bucket: string,
    key: string,
    uploadId: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const xml = parseXml((await readBody(req, 8 * 1024 * 1024)).toString("utf8"));
    const root = xml.CompleteMultipartUpload as { Part?: { PartNumber?: string; ETag?: string }[] } | undefined;
    const parts = (root?.Part ?? []).map((part) => ({ partNumber: Number(part.PartNumber), etag: String(part.ETag ?? "") }));
    const meta = await this.uploads.complete(bucket, key, uploadId, parts);
    this.sendXml(res, "CompleteMultipartUploadResult", {
      Location: `/${bucket}/${encodeURIComponent(key)}`,
      Bucket: bucket,
      Key: key,
      ETag: meta.etag,
    });
  }

  private sendXml(res: ServerResponse, root: string, body: Record<string, unknown>): void {
    const text = toXml(root, body);
    res.writeHead(200, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(text) }).end(text);
  }

  /** S3's error document (or, for HEAD, only the status and x-amz-error-code); also used for refusals before routing. */
  sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    const aws = error instanceof AwsError ? error : new AwsError("InternalError", "We encountered an internal error.", 500);
    if (!(error instanceof AwsError)) console.error("[engine] s3", error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // HEAD responses carry no body; the SDK maps their status (404 → NotFound).
    if (req.method === "HEAD") {
      res.writeHead(aws.status, { "x-amz-error-code": aws.code }).end();
      return;
    }
    const text = toXml("Error", { Code: aws.code, Message: aws.message, RequestId: "ferry" }, false);
    res.writeHead(aws.status, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(text) }).end(text);
    req.resume();
  }
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AwsError("InvalidURI", "Couldn't parse the specified URI.", 400);
  }
}

function body(req: IncomingMessage): Readable {
  const sha = String(req.headers["x-amz-content-sha256"] ?? "");
  const encoding = String(req.headers["content-encoding"] ?? "");
  const chunked = sha.startsWith("STREAMING-") || encoding.split(",").some((e) => e.trim() === "aws-chunked");
  return chunked ? req.pipe(new AwsChunkedDecoder()) : req;
}

function objectOptions(req: IncomingMessage): NewObject {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith("x-amz-meta-") && typeof value === "string") metadata[name.slice(11)] = value;
  }
  const contentType = req.headers["content-type"];
  return { contentType, metadata };
}

function objectHeaders(meta: ObjectMeta): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Length": String(meta.size),
    "Content-Type": meta.contentType ?? "binary/octet-stream",
    ETag: meta.etag,
    "Last-Modified": new Date(meta.lastModified).toUTCString(),
    "Accept-Ranges": "bytes",
  };
  for (const [name, value] of Object.entries(meta.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

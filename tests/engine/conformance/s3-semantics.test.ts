// S3 behaviours AWS documents and the engine once got wrong (issue 12); each test names its source.
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, TEST_CREDENTIALS, TEST_REGION, type TestEngine } from "../harness";

let engine: TestEngine;
const Bucket = "conformance-s3";

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => engine?.close());

const md5 = (text: string) => createHash("md5").update(text).digest("base64");
const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
  );

describe("PutObject Content-MD5 (API reference: PutObject, Content-MD5; error BadDigest)", () => {
  it("stores the object when the digest matches", async () => {
    await engine.s3.send(new PutObjectCommand({ Bucket, Key: "md5/good.txt", Body: "hello", ContentMD5: md5("hello") }));
    expect((await engine.s3.send(new HeadObjectCommand({ Bucket, Key: "md5/good.txt" }))).ContentLength).toBe(5);
  });

  it("refuses a wrong digest with 400 BadDigest and stores nothing", async () => {
    const put = engine.s3.send(new PutObjectCommand({ Bucket, Key: "md5/bad.txt", Body: "hello", ContentMD5: md5("other") }));
    await expect(put).rejects.toMatchObject({ name: "BadDigest", $metadata: { httpStatusCode: 400 } });
    const listed = await engine.s3.send(new ListObjectsV2Command({ Bucket, Prefix: "md5/bad" }));
    expect(listed.KeyCount).toBe(0);
  });

  it("refuses a digest that is not 16 base64 bytes with InvalidDigest", async () => {
    const put = engine.s3.send(new PutObjectCommand({ Bucket, Key: "md5/invalid.txt", Body: "hello", ContentMD5: "not-a-digest" }));
    await expect(put).rejects.toMatchObject({ name: "InvalidDigest" });
  });
});

describe("conditional GetObject/HeadObject (API reference: GetObject, If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since)", () => {
  let etag = "";
  let lastModified = new Date();
  beforeAll(async () => {
    etag = (await engine.s3.send(new PutObjectCommand({ Bucket, Key: "cond.txt", Body: "v1" }))).ETag ?? "";
    lastModified = (await engine.s3.send(new HeadObjectCommand({ Bucket, Key: "cond.txt" }))).LastModified ?? new Date();
  });
  const later = () => new Date(lastModified.getTime() + 60_000);
  const earlier = () => new Date(lastModified.getTime() - 60_000);

  it.each(["get", "head"] as const)("%s: If-None-Match with the ETag and If-Modified-Since now give 304", async (verb) => {
    const send = verb === "get" ? (input: object) => engine.s3.send(new GetObjectCommand({ Bucket, Key: "cond.txt", ...input })) : (input: object) => engine.s3.send(new HeadObjectCommand({ Bucket, Key: "cond.txt", ...input }));
    expect(await statusOf(send({ IfNoneMatch: etag }))).toBe(304);
    expect(await statusOf(send({ IfNoneMatch: "*" }))).toBe(304);
    expect(await statusOf(send({ IfModifiedSince: later() }))).toBe(304);
    expect(await statusOf(send({ IfNoneMatch: '"other"' }))).toBe(200);
    expect(await statusOf(send({ IfModifiedSince: earlier() }))).toBe(200);
  });

  it.each(["get", "head"] as const)("%s: If-Match mismatch and If-Unmodified-Since before the change give 412", async (verb) => {
    const send = verb === "get" ? (input: object) => engine.s3.send(new GetObjectCommand({ Bucket, Key: "cond.txt", ...input })) : (input: object) => engine.s3.send(new HeadObjectCommand({ Bucket, Key: "cond.txt", ...input }));
    expect(await statusOf(send({ IfMatch: '"other"' }))).toBe(412);
    expect(await statusOf(send({ IfUnmodifiedSince: earlier() }))).toBe(412);
    expect(await statusOf(send({ IfMatch: etag }))).toBe(200);
    // If-Match that holds wins over If-Unmodified-Since that does not (RFC 7232, as S3 documents).
    expect(await statusOf(send({ IfMatch: etag, IfUnmodifiedSince: earlier() }))).toBe(200);
  });

  it("ignores a date it cannot read, as HTTP says, and an ETag list that holds the ETag matches", async () => {
    const send = async (headers: Record<string, string>) => {
      // Raw header values the SDK's typed fields cannot carry, added before signing so the request stays signed.
      const client = new S3Client({ endpoint: engine.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, forcePathStyle: true });
      client.middlewareStack.add((next) => (args) => {
        const request = args.request as { headers: Record<string, string> };
        Object.assign(request.headers, headers);
        return next(args);
      }, { step: "build" });
      try {
        return await statusOf(client.send(new GetObjectCommand({ Bucket, Key: "cond.txt" })));
      } finally {
        client.destroy();
      }
    };
    expect(await send({ "If-Modified-Since": "not a date" })).toBe(200);
    expect(await send({ "If-Unmodified-Since": "yesterday-ish" })).toBe(200);
    expect(await send({ "If-None-Match": `"a", ${etag}, "b"` })).toBe(304);
    expect(await send({ "If-None-Match": `W/${etag}` })).toBe(304);
  });

  it("names the failure PreconditionFailed on GET", async () => {
    await expect(engine.s3.send(new GetObjectCommand({ Bucket, Key: "cond.txt", IfMatch: '"other"' }))).rejects.toMatchObject({ name: "PreconditionFailed" });
  });
});

describe("object keys (User Guide: 'Naming Amazon S3 objects': at most 1,024 bytes of UTF-8)", () => {
  it("refuses a key over 1,024 bytes with KeyTooLongError and accepts one of exactly 1,024", async () => {
    const put = engine.s3.send(new PutObjectCommand({ Bucket, Key: "é".repeat(513), Body: "x" }));
    await expect(put).rejects.toMatchObject({ name: "KeyTooLongError", $metadata: { httpStatusCode: 400 } });
    await engine.s3.send(new PutObjectCommand({ Bucket, Key: "k".repeat(1024), Body: "x" }));
    expect((await engine.s3.send(new HeadObjectCommand({ Bucket, Key: "k".repeat(1024) }))).ContentLength).toBe(1);
  });
});

describe("CreateBucket (API reference: CreateBucket, BucketAlreadyOwnedByYou: 'in us-east-1 ... returns 200 OK')", () => {
  it("creating a bucket you own again succeeds and keeps its objects", async () => {
    await engine.s3.send(new PutObjectCommand({ Bucket, Key: "kept.txt", Body: "kept" }));
    const again = await engine.s3.send(new CreateBucketCommand({ Bucket }));
    expect(again.$metadata.httpStatusCode).toBe(200);
    expect((await engine.s3.send(new HeadObjectCommand({ Bucket, Key: "kept.txt" }))).ContentLength).toBe(4);
  });
});

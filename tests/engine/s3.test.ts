import { createHash, randomBytes } from "node:crypto";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { readdir } from "node:fs/promises";
import { Readable } from "node:stream";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendRaw, signRaw, startTestEngine, type TestEngine } from "./harness";

let engine: TestEngine;
const bucket = "ferry-s3-test";

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => engine?.close());

async function getText(key: string, range?: string): Promise<{ text: string; contentRange?: string }> {
  const out = await engine.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return { text: (await out.Body?.transformToString()) ?? "", contentRange: out.ContentRange };
}

describe("S3 buckets", () => {
  it("creates, heads and lists buckets; creating an owned bucket again succeeds, as in us-east-1", async () => {
    await engine.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    const listed = await engine.s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toContain(bucket);
    await expect(engine.s3.send(new CreateBucketCommand({ Bucket: bucket }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it("reports a missing bucket with S3's errors", async () => {
    await expect(engine.s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket" }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      engine.s3.send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "k", Body: "x" })),
    ).rejects.toBeInstanceOf(NoSuchBucket);
  });

  it("answers a malformed percent-encoding with InvalidURI, not a server error", async () => {
    const response = await sendRaw(await signRaw(engine.endpoint, { method: "GET", target: `/${bucket}/bad%E0%A4%A`, service: "s3" }));
    expect(response.status).toBe(400);
    expect(response.text).toContain("<Code>InvalidURI</Code>");
  });

  it("rejects invalid bucket names", async () => {
    await expect(engine.s3.send(new CreateBucketCommand({ Bucket: "Bad_Name" }))).rejects.toMatchObject({
      name: "InvalidBucketName",
    });
  });
});

describe("S3 objects", () => {
  it("round-trips bytes exactly, with metadata and content type", async () => {
    const body = randomBytes(300_000);
    const put = await engine.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: "bin/blob.dat", Body: body, ContentType: "application/x-test", Metadata: { owner: "ferry" } }),
    );
    expect(put.ETag).toBe(`"${createHash("md5").update(body).digest("hex")}"`);
    const got = await engine.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "bin/blob.dat" }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    expect(bytes.equals(body)).toBe(true);
    expect(got.ContentType).toBe("application/x-test");
    expect(got.Metadata).toEqual({ owner: "ferry" });
    const head = await engine.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "bin/blob.dat" }));
    expect(head.ContentLength).toBe(body.length);
  });

  it("accepts streamed bodies, which the SDK sends aws-chunked with a checksum trailer", async () => {
    const body = randomBytes(200_000);
    await engine.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: "stream.bin", Body: Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]), ContentLength: body.length }),
    );
    const got = await engine.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "stream.bin" }));
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(body)).toBe(true);
  });

  it("serves byte ranges", async () => {
    await engine.s3.send(new PutObjectCommand({ Bucket: bucket, Key: "range.txt", Body: "0123456789" }));
    expect(await getText("range.txt", "bytes=2-5")).toEqual({ text: "2345", contentRange: "bytes 2-5/10" });
    expect((await getText("range.txt", "bytes=7-")).text).toBe("789");
    expect((await getText("range.txt", "bytes=-3")).text).toBe("789");
    await expect(getText("range.txt", "bytes=20-30")).rejects.toMatchObject({ name: "InvalidRange" });
  });

  it("raises NoSuchKey for a missing key and NotFound on HEAD, and deletes", async () => {
    await expect(getText("missing")).rejects.toBeInstanceOf(NoSuchKey);
    await engine.s3.send(new PutObjectCommand({ Bucket: bucket, Key: "gone.txt", Body: "x" }));
    await engine.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "gone.txt" }));
    await expect(engine.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "gone.txt" }))).rejects.toMatchObject({
      name: "NotFound",
    });
  });

  it("stores keys with spaces, unicode and ../ safely inside the data directory", async () => {
    const keys = ["../escape.txt", "a/../../b.txt", "with space/naïve ✓.txt", "..", "x/./y?z=1&w#frag", "%2F encoded"];
    for (const [i, key] of keys.entries()) {
      await engine.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body ${i}` }));
    }
    for (const [i, key] of keys.entries()) expect((await getText(key)).text).toBe(`body ${i}`);
    const listed = await engine.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const key of keys) expect(listed.Contents?.map((c) => c.Key)).toContain(key);
    // Nothing was written next to the data directory, and no file inside it is named after a key.
    expect(await readdir(path.dirname(engine.dataDir))).not.toContain("escape.txt");
    const files = await readdir(engine.dataDir, { recursive: true });
    expect(files.some((f) => f.includes("escape") || f.includes("naïve"))).toBe(false);
  });
});

describe("copy and batch delete", () => {
  it("copies an object with its metadata, then deletes several keys at once", async () => {
    await engine.s3.send(new PutObjectCommand({ Bucket: bucket, Key: "copy/src.txt", Body: "copied", Metadata: { a: "1" } }));
    const copy = await engine.s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: "copy/dst ü.txt", CopySource: `${bucket}/${encodeURIComponent("copy/src.txt")}` }),
    );
    expect(copy.CopyObjectResult?.ETag).toBeDefined();
    expect((await getText("copy/dst ü.txt")).text).toBe("copied");
    const head = await engine.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "copy/dst ü.txt" }));
    expect(head.Metadata).toEqual({ a: "1" });

    const deleted = await engine.s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "copy/src.txt" }, { Key: "copy/dst ü.txt" }] } }),
    );
    expect(deleted.Deleted?.map((d) => d.Key).sort()).toEqual(["copy/dst ü.txt", "copy/src.txt"]);
    const left = await engine.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "copy/" }));
    expect(left.KeyCount).toBe(0);
  });
});

describe("ListObjectsV2", () => {
  const listBucket = "ferry-list-test";
  beforeAll(async () => {
    await engine.s3.send(new CreateBucketCommand({ Bucket: listBucket }));
    const keys = ["a/1.txt", "a/2.txt", "a/sub/3.txt", "b/4.txt", "c.txt", "d/5.txt", "d/6.txt", "e.txt"];
    for (const key of keys) await engine.s3.send(new PutObjectCommand({ Bucket: listBucket, Key: key, Body: key }));
  });

  it("groups by delimiter into common prefixes", async () => {
    const out = await engine.s3.send(new ListObjectsV2Command({ Bucket: listBucket, Delimiter: "/" }));
    expect(out.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["a/", "b/", "d/"]);
    expect(out.Contents?.map((c) => c.Key)).toEqual(["c.txt", "e.txt"]);
    expect(out.KeyCount).toBe(5);
  });

  it("filters by prefix", async () => {
    const out = await engine.s3.send(new ListObjectsV2Command({ Bucket: listBucket, Prefix: "a/", Delimiter: "/" }));
    expect(out.Contents?.map((c) => c.Key)).toEqual(["a/1.txt", "a/2.txt"]);
    expect(out.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["a/sub/"]);
  });

  it("paginates with continuation tokens, prefixes included, without repeats", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await engine.s3.send(
        new ListObjectsV2Command({ Bucket: listBucket, Delimiter: "/", MaxKeys: 2, ContinuationToken: token }),
      );
      seen.push(...(out.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""), ...(out.Contents ?? []).map((c) => c.Key ?? ""));
      token = out.NextContinuationToken;
      expect(out.IsTruncated).toBe(token !== undefined);
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(["a/", "b/", "c.txt", "d/", "e.txt"]);
  });

  it("starts after a given key", async () => {
    const out = await engine.s3.send(new ListObjectsV2Command({ Bucket: listBucket, StartAfter: "b/4.txt" }));
    expect(out.Contents?.map((c) => c.Key)).toEqual(["c.txt", "d/5.txt", "d/6.txt", "e.txt"]);
  });
});

describe("multipart upload", () => {
  it("uploads 100 MB through lib-storage and reads back the same bytes", async () => {
    const size = 100 * 1024 * 1024;
    const body = Buffer.alloc(size);
    for (let offset = 0; offset < size; offset += 1024 * 1024) randomBytes(64).copy(body, offset);
    const upload = new Upload({
      client: engine.s3,
      params: { Bucket: bucket, Key: "big/100mb.bin", Body: body },
      partSize: 10 * 1024 * 1024,
      queueSize: 4,
    });
    const result = await upload.done();
    expect(result.ETag).toMatch(/-10"$/);
    const head = await engine.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "big/100mb.bin" }));
    expect(head.ContentLength).toBe(size);
    const got = await engine.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "big/100mb.bin" }));
    const hash = createHash("sha256");
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    expect(hash.digest("hex")).toBe(createHash("sha256").update(body).digest("hex"));
  }, 30_000);
});

import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { AwsError } from "../errors";
import { readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";
import { writeStreamToFile } from "./write-file";
import { assertBucketName, compareKeys } from "./names";

export interface ObjectMeta {
  key: string;
  size: number;
  /** Quoted, as S3 sends it. */
  etag: string;
  contentType?: string;
  lastModified: number;
  metadata: Record<string, string>;
  /** Name of the data file under the bucket's `data/` folder; never derived from the key. */
  file: string;
}

interface Bucket {
  name: string;
  created: number;
  objects: Map<string, ObjectMeta>;
}

export interface NewObject {
  contentType?: string;
  metadata?: Record<string, string>;
}

/**
 * Buckets and objects on disk. A key only ever names a metadata file through its SHA-256 and the bytes live
 * in a random file name, so no key (`../`, unicode, spaces) can reach outside the data directory. The
 * metadata record is written last and atomically: it is the commit point of a put.
 */
export class S3Store {
  private readonly buckets = new Map<string, Bucket>();
  private readonly writes = new SerialWriter();

  constructor(readonly root: string) {}

  async load(): Promise<void> {
    const bucketsDir = path.join(this.root, "buckets");
    await mkdir(bucketsDir, { recursive: true });
    for (const name of await readdir(bucketsDir)) {
      const info = await readJson<{ name: string; created: number }>(path.join(bucketsDir, name, "bucket.json"));
      if (!info) continue;
      const bucket: Bucket = { ...info, objects: new Map() };
      const metaDir = path.join(bucketsDir, name, "meta");
      await mkdir(metaDir, { recursive: true });
      for (const file of await readdir(metaDir)) {
        if (!file.endsWith(".json")) continue;
        const meta = await readJson<ObjectMeta>(path.join(metaDir, file));
        if (meta) bucket.objects.set(meta.key, meta);
      }
      this.buckets.set(name, bucket);
    }
  }

  listBuckets(): { name: string; created: number }[] {
    return [...this.buckets.values()].map(({ name, created }) => ({ name, created }));
  }

  /** Creating a bucket you own again succeeds and changes nothing, as in us-east-1 (the engine's S3 region). */
  async createBucket(name: string): Promise<void> {
    assertBucketName(name);
    if (this.buckets.has(name)) return;
    const bucket: Bucket = { name, created: Date.now(), objects: new Map() };
    this.buckets.set(name, bucket);
    await writeJsonAtomic(path.join(this.bucketDir(name), "bucket.json"), { name, created: bucket.created });
  }

  async deleteBucket(name: string): Promise<void> {
    const bucket = this.bucket(name);
    if (bucket.objects.size > 0) throw new AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409);
    this.buckets.delete(name);
    await rm(this.bucketDir(name), { recursive: true, force: true });
  }

  bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new AwsError("NoSuchBucket", "The specified bucket does not exist", 404);
    return bucket;
  }

  head(bucketName: string, key: string): ObjectMeta {
    const meta = this.bucket(bucketName).objects.get(key);
    if (!meta) throw new AwsError("NoSuchKey", "The specified key does not exist.", 404);
    return meta;
  }

  dataPath(bucketName: string, meta: ObjectMeta): string {
    return path.join(this.bucketDir(bucketName), "data", meta.file);
  }

  /** Streams `body` into a new data file, hashing it on the way, then commits it under `key` (if its MD5 is `expectedMd5`). */
  async put(bucketName: string, key: string, body: Readable, options: NewObject = {}, expectedMd5?: string): Promise<ObjectMeta> {
    this.bucket(bucketName);
    const file = randomUUID();
    const target = path.join(this.bucketDir(bucketName), "data", file);
    await mkdir(path.dirname(target), { recursive: true });
    const { md5, size } = await writeStreamToFile(body, target, expectedMd5);
    return this.commit(bucketName, key, { file, size, etag: `"${md5}"`, ...options });
  }

  /** Adopts a file already assembled elsewhere (a completed multipart upload). */
  async adopt(bucketName: string, key: string, source: string, etag: string, options: NewObject): Promise<ObjectMeta> {
    this.bucket(bucketName);
    const file = randomUUID();
    const target = path.join(this.bucketDir(bucketName), "data", file);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(source, target);
    const { size } = await stat(target);
    return this.commit(bucketName, key, { file, size, etag, ...options });
  }

  async delete(bucketName: string, key: string): Promise<void> {
    const bucket = this.bucket(bucketName);
    await this.writes.run(`${bucketName}/${key}`, async () => {
      const previous = bucket.objects.get(key);
      if (!previous) return;
      bucket.objects.delete(key);
      await rm(this.metaPath(bucketName, key), { force: true });
      await rm(this.dataPath(bucketName, previous), { force: true });
    });
  }

  /** Keys of a bucket in S3's order. */
  sortedKeys(bucketName: string): string[] {
    return [...this.bucket(bucketName).objects.keys()].sort(compareKeys);
  }

  /** Keys under `prefix` in S3's order; sorts only those, not the whole bucket. */
  keysWithPrefix(bucketName: string, prefix: string): string[] {
    return [...this.bucket(bucketName).objects.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
  }

  private async commit(
    bucketName: string,
    key: string,
    fields: Omit<ObjectMeta, "key" | "lastModified" | "metadata"> & NewObject,
  ): Promise<ObjectMeta> {
    const bucket = this.bucket(bucketName);
    const meta: ObjectMeta = { key, lastModified: Date.now(), metadata: {}, ...fields };
    await this.writes.run(`${bucketName}/${key}`, async () => {
      const previous = bucket.objects.get(key);
      await writeJsonAtomic(this.metaPath(bucketName, key), meta);
      bucket.objects.set(key, meta);
      if (previous) await rm(this.dataPath(bucketName, previous), { force: true });
    });
    return meta;
  }

  private bucketDir(name: string): string {
    return path.join(this.root, "buckets", name);
  }

  private metaPath(bucketName: string, key: string): string {
    const digest = createHash("sha256").update(key).digest("hex");
    return path.join(this.bucketDir(bucketName), "meta", `${digest}.json`);
  }
}

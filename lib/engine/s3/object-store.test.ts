import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalObjectStore } from "./object-store";
import { S3Store } from "./store";

let root = "";
let store: S3Store;
let objects: LocalObjectStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "ferry-object-store-"));
  store = new S3Store(path.join(root, "s3"));
  await store.load();
  await store.createBucket("bkt");
  objects = new LocalObjectStore(store);
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const put = (key: string, text: string) => store.put("bkt", key, Readable.from([Buffer.from(text)]));

describe("LocalObjectStore", () => {
  it("downloads a prefix keeping paths relative to it, skipping folder markers", async () => {
    await put("data/train/a.csv", "a");
    await put("data/train/sub/b.csv", "b");
    await put("data/train/", "");
    await put("data/other.csv", "x");
    const dir = path.join(root, "in");
    expect(await objects.downloadPrefix("s3://bkt/data/train/", dir)).toBe(2);
    expect((await readdir(dir, { recursive: true })).sort()).toEqual(["a.csv", "sub", "sub/b.csv"]);
  });

  it("treats a prefix that names one object as SageMaker does: the file keeps its name", async () => {
    await put("code/run.py", "print(1)");
    const dir = path.join(root, "code");
    expect(await objects.downloadPrefix("s3://bkt/code/run.py", dir)).toBe(1);
    expect(await readFile(path.join(dir, "run.py"), "utf8")).toBe("print(1)");
  });

  it("strips a folder prefix given without its trailing slash, as SageMaker does for a step's output URI", async () => {
    await put("in/a.txt", "a");
    await put("in/sub/b.txt", "b");
    await put("inbox.txt", "not under the folder, but matched by the prefix");
    const dir = path.join(root, "in");
    expect(await objects.downloadPrefix("s3://bkt/in", dir)).toBe(3);
    expect((await readdir(dir, { recursive: true })).sort()).toEqual(["a.txt", "inbox.txt", "sub", "sub/b.txt"]);
  });

  it("names objects a partial prefix matches by their full name (data/tra -> train.csv)", async () => {
    await put("data/train.csv", "t");
    await put("data/trace.log", "l");
    const dir = path.join(root, "in");
    expect(await objects.downloadPrefix("s3://bkt/data/tra", dir)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(["trace.log", "train.csv"]);
  });

  it("refuses keys that would land outside the target folder", async () => {
    await put("evil/../../outside.txt", "x");
    await expect(objects.downloadPrefix("s3://bkt/evil/", path.join(root, "in"))).rejects.toMatchObject({
      code: "ValidationException",
    });
    expect(await readdir(root)).not.toContain("outside.txt");
  });

  it("refuses the same climb through a folder prefix given without its slash", async () => {
    await put("evil/../../outside.txt", "x");
    await expect(objects.downloadPrefix("s3://bkt/evil", path.join(root, "in"))).rejects.toMatchObject({ code: "ValidationException" });
    expect(await readdir(root)).not.toContain("outside.txt");
  });

  it("uploads a directory under a prefix, adding the separator when missing", async () => {
    const dir = path.join(root, "out");
    await mkdir(path.join(dir, "nested"), { recursive: true });
    await writeFile(path.join(dir, "r.json"), "{}");
    await writeFile(path.join(dir, "nested", "n.txt"), "n");
    expect(await objects.uploadDirectory(dir, "s3://bkt/results")).toBe(2);
    expect(store.sortedKeys("bkt")).toEqual(["results/nested/n.txt", "results/r.json"]);
  });

  it("stores an upload's bytes and ETag, and keeps them when the job's folder goes", async () => {
    const dir = path.join(root, "out");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "r.txt"), "hello");
    await objects.uploadDirectory(dir, "s3://bkt/results/");
    await rm(dir, { recursive: true, force: true });
    const meta = store.head("bkt", "results/r.txt");
    expect(meta).toMatchObject({ size: 5, etag: '"5d41402abc4b2a76b9719d911017c592"' });
    expect(await readFile(store.dataPath("bkt", meta), "utf8")).toBe("hello");
  });

  it("gives a job a copy of its inputs: writing to one leaves the object alone", async () => {
    await put("data/a.txt", "original");
    const dir = path.join(root, "in");
    await mkdir(dir, { recursive: true });
    await objects.downloadPrefix("s3://bkt/data/", dir);
    await writeFile(path.join(dir, "a.txt"), "changed by the job");
    expect(await readFile(store.dataPath("bkt", store.head("bkt", "data/a.txt")), "utf8")).toBe("original");
  });
});

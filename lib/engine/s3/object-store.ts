import { createReadStream } from "node:fs";
import { copyFile, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import type { ObjectStore, S3Uri } from "../contracts";
import { AwsError } from "../errors";
import { parseS3Uri } from "./names";
import type { S3Store } from "./store";

/** The engine-internal view of S3 that processing jobs use to stage inputs and collect outputs. */
export class LocalObjectStore implements ObjectStore {
  constructor(private readonly store: S3Store) {}

  async downloadPrefix(uri: S3Uri, dir: string): Promise<number> {
    const { bucket, key: prefix } = parseS3Uri(uri);
    // Paths are kept relative to the prefix's last "/", as SageMaker does: `code/run.py` as a prefix yields
    // `run.py`, and `data/tra` yields `train.csv` rather than `in.csv`.
    const base = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    let copied = 0;
    for (const key of this.store.sortedKeys(bucket)) {
      if (!key.startsWith(prefix)) continue;
      const relative = key.slice(base.length).replace(/^\/+/, "");
      // Zero-byte "folder" markers created by consoles have no file to become.
      if (!relative || relative.endsWith("/")) continue;
      await this.copyOut(bucket, key, insideDir(dir, relative));
      copied += 1;
    }
    return copied;
  }

  async downloadObject(uri: S3Uri, dir: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    const name = key.split("/").pop() ?? "";
    await this.copyOut(bucket, key, insideDir(dir, name));
  }

  async uploadDirectory(dir: string, uri: S3Uri): Promise<number> {
    const { bucket, key } = parseS3Uri(uri);
    const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
    const files = await listFiles(dir);
    for (const relative of files) {
      const objectKey = prefix + relative.split(path.sep).join("/");
      await this.store.put(bucket, objectKey, createReadStream(path.join(dir, relative)));
    }
    return files.length;
  }

  private async copyOut(bucket: string, key: string, target: string): Promise<void> {
    const meta = this.store.head(bucket, key);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(this.store.dataPath(bucket, meta), target);
  }
}

/** A key such as `../x` must not place a file outside the job's input folder. */
function insideDir(dir: string, relative: string): string {
  const root = path.resolve(dir);
  const target = path.resolve(root, relative);
  if (target === root || !target.startsWith(root + path.sep)) {
    throw new AwsError("ValidationException", `Object key "${relative}" would escape the local path ${dir}`);
  }
  return target;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

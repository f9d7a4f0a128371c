import { constants } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import pLimit from "p-limit";
import type { ObjectStore, S3Uri } from "../contracts";
import { AwsError } from "../errors";
import { listTree, openRegularFile } from "../sandbox/hostile-tree";
import { parseS3Uri } from "./names";
import type { S3Store } from "./store";

/** Files copied at once for one prefix: enough to hide per-file latency, few enough to spare descriptors. */
const PARALLEL_FILES = 16;

/**
 * The engine-internal view of S3 that processing jobs use to stage inputs and collect outputs: file copies
 * and links inside the engine's own data folder, never requests through its HTTP listener.
 */
export class LocalObjectStore implements ObjectStore {
  constructor(private readonly store: S3Store) {}

  async downloadPrefix(uri: S3Uri, dir: string): Promise<number> {
    const { bucket, key: prefix } = parseS3Uri(uri);
    const copies: Array<{ key: string; target: string }> = [];
    for (const key of this.store.keysWithPrefix(bucket, prefix)) {
      const relative = relativeToPrefix(key, prefix);
      // Zero-byte "folder" markers created by consoles have no file to become.
      if (!relative || relative.endsWith("/")) continue;
      copies.push({ key, target: insideDir(dir, relative) });
    }
    const limit = pLimit(PARALLEL_FILES);
    const made = new Map<string, Promise<unknown>>();
    await Promise.all(copies.map(({ key, target }) => limit(() => this.copyOut(bucket, key, target, made))));
    return copies.length;
  }

  async downloadObject(uri: S3Uri, dir: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    const name = key.split("/").pop() ?? "";
    await this.copyOut(bucket, key, insideDir(dir, name));
  }

  /**
   * `dir` is a finished job's output folder, which the job wrote: every file is copied from a descriptor
   * opened without following links, and only regular files with no other hard link are taken (a link could
   * name a host file the job itself could not read). Never a hard link into the store: the stored object
   * must not share its bytes with anything the job touched.
   */
  async uploadDirectory(dir: string, uri: S3Uri): Promise<number> {
    const { bucket, key } = parseS3Uri(uri);
    const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
    const files = await listFiles(dir);
    const limit = pLimit(PARALLEL_FILES);
    const uploaded = await Promise.all(files.map((relative) => limit(() => this.copyIn(bucket, prefix + relative, path.join(dir, relative)))));
    return uploaded.filter(Boolean).length;
  }

  private async copyIn(bucket: string, key: string, file: string): Promise<boolean> {
    const opened = await openRegularFile(file);
    if ("refused" in opened) return false;
    const { handle, stat } = opened;
    try {
      // Never more than the size seen when the file was opened.
      const body = stat.size === 0 ? Readable.from([]) : handle.createReadStream({ start: 0, end: stat.size - 1, autoClose: false });
      await this.store.put(bucket, key, body);
    } finally {
      await handle.close();
    }
    return true;
  }

  /**
   * A copy, never a link: the job may write to its inputs, and that must not reach the stored object. A
   * reflink where the file system has them. The target's folder is usually there already (the job's
   * LocalPath), so it is made only when the copy finds it missing; `made` shares that between the files of
   * one prefix.
   */
  private async copyOut(bucket: string, key: string, target: string, made = new Map<string, Promise<unknown>>()): Promise<void> {
    const source = this.store.dataPath(bucket, this.store.head(bucket, key));
    try {
      await copyFile(source, target, constants.COPYFILE_FICLONE);
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "ENOENT")) throw error;
      const dir = path.dirname(target);
      let folder = made.get(dir);
      if (!folder) {
        folder = mkdir(dir, { recursive: true });
        made.set(dir, folder);
      }
      await folder;
      await copyFile(source, target, constants.COPYFILE_FICLONE);
    }
  }
}

/**
 * Where SageMaker puts an object matched by an S3Prefix input, relative to the LocalPath. A prefix naming a
 * "folder", with or without its trailing slash, is stripped whole: objects `in/a.txt`, `in/sub/b.txt` under
 * `s3://bucket/in` land as `a.txt`, `sub/b.txt` (SageMaker's pipeline examples pass a step's output URI,
 * which has no trailing slash, as the next step's input and read `<LocalPath>/<file>`). Any other match keeps
 * its path from the prefix's last "/": `data/tra` yields `train.csv`, `code/run.py` yields `run.py` (real
 * SageMaker names partially matched files by their full basename: sagemaker-python-sdk issue 3612).
 */
export function relativeToPrefix(key: string, prefix: string): string {
  const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  const base = key.startsWith(folder) ? folder : prefix.slice(0, prefix.lastIndexOf("/") + 1);
  return key.slice(base.length).replace(/^\/+/, "");
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

/** Regular files under `dir` (relative, `/`-separated, sorted); links and special files are not listed. */
async function listFiles(dir: string): Promise<string[]> {
  return (await listTree(dir)).files.map((file) => file.relative);
}

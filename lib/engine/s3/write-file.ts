import { createHash } from "node:crypto";
import { constants, createReadStream, createWriteStream } from "node:fs";
import { copyFile, link, mkdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { badDigest } from "./content-md5";

/**
 * Streams a body to `target` and returns its MD5 (hex) and size; removes the file on failure, and when the
 * body's MD5 is not the `expectedMd5` the client sent (S3's BadDigest: nothing is stored).
 */
export async function writeStreamToFile(body: Readable, target: string, expectedMd5?: string): Promise<{ md5: string; size: number }> {
  const md5 = createHash("md5");
  let size = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, hasher, createWriteStream(target));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  const digest = md5.digest("hex");
  if (expectedMd5 !== undefined && digest !== expectedMd5) {
    await rm(target, { force: true });
    throw badDigest();
  }
  return { md5: digest, size };
}

/** Below this a file is hashed from one read; above it, streamed. */
const WHOLE_READ_LIMIT = 1024 * 1024;

/**
 * Places the engine's own file `source` (a finished job's output) at `target` in the bucket's data folder and
 * returns its MD5 and size. A hard link when the two share a file system: the job's processes are gone by
 * the time outputs are collected, and its workspace is deleted right after, so nothing can change the bytes
 * behind the object's back. A copy otherwise. The data folder is created on the first miss only.
 */
export async function placeFile(source: string, target: string): Promise<{ md5: string; size: number }> {
  try {
    await linkOrCopy(source, target);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ENOENT")) throw error;
    // The source's absence also reports ENOENT: the retry then fails with it.
    await mkdir(path.dirname(target), { recursive: true });
    await linkOrCopy(source, target);
  }
  try {
    return await hashFile(target);
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
}

async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    // EXDEV (another file system), EPERM/ENOTSUP (no hard links there): copy instead.
    if (error instanceof Error && "code" in error && error.code === "ENOENT") throw error;
    await copyFile(source, target, constants.COPYFILE_FICLONE);
  }
}

async function hashFile(file: string): Promise<{ md5: string; size: number }> {
  const { size } = await stat(file);
  const md5 = createHash("md5");
  if (size <= WHOLE_READ_LIMIT) {
    const bytes = await readFile(file);
    return { md5: md5.update(bytes).digest("hex"), size: bytes.length };
  }
  let read = 0;
  for await (const chunk of createReadStream(file)) {
    const buffer = chunk as Buffer;
    md5.update(buffer);
    read += buffer.length;
  }
  return { md5: md5.digest("hex"), size: read };
}

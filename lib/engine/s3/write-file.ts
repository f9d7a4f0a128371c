import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
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

import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Streams a body to `target` and returns its MD5 (hex) and size; removes the partial file on failure. */
export async function writeStreamToFile(body: Readable, target: string): Promise<{ md5: string; size: number }> {
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
  return { md5: md5.digest("hex"), size };
}

import type { IncomingMessage } from "node:http";
import { AwsError } from "../errors";

/** Reads a whole request body, refusing more than `limit` bytes so a client cannot exhaust memory. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new AwsError("RequestEntityTooLarge", `Request body exceeds ${limit} bytes`, 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

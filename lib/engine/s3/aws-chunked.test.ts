import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { AwsChunkedDecoder } from "./aws-chunked";

function encode(chunks: string[], extension = ""): Buffer {
  const parts = chunks.map((chunk) => `${Buffer.byteLength(chunk).toString(16)}${extension}\r\n${chunk}\r\n`);
  return Buffer.from(`${parts.join("")}0${extension}\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`);
}

async function decode(body: Buffer, pieceSize: number): Promise<string> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += pieceSize) pieces.push(body.subarray(i, i + pieceSize));
  return text(Readable.from(pieces).pipe(new AwsChunkedDecoder()));
}

describe("AwsChunkedDecoder", () => {
  it("decodes chunks with signature extensions and a checksum trailer, however the bytes arrive", async () => {
    const body = encode(["hello ", "wörld", "\r\n0\r\n inside data"], ";chunk-signature=abc123");
    for (const size of [1, 2, 7, 1024]) {
      expect(await decode(body, size)).toBe("hello wörld\r\n0\r\n inside data");
    }
  });

  it("rejects a body cut off before the final chunk", async () => {
    const body = encode(["complete"]).subarray(0, 8);
    await expect(decode(body, 4)).rejects.toThrow(/Truncated/);
  });
});

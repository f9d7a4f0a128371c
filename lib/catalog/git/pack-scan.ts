import { inflateSync } from "node:zlib";
import { AppError } from "@/lib/commands/errors";
import { GIT_LIMITS } from "./limits";

/**
 * Reads the object headers of a fetched pack before isomorphic-git inflates it: a pack can declare, or a delta
 * can rebuild, an object far larger than its bytes on the wire (a file of zeros compresses 1000:1), and Git
 * libraries inflate whole objects in memory. Every object is inflated here once, with its declared size as a
 * hard cap, so nothing grows past GIT_LIMITS on the way in.
 */

const OFS_DELTA = 6;
const REF_DELTA = 7;

type Limits = Record<"objectBytes" | "inflatedBytes", number>;

function tooLargeObject(bytes: number, limit: number): AppError {
  return new AppError("INVALID_INPUT", `The repository holds an object of ${mb(bytes)}, above the ${mb(limit)} Ferry reads from Git. Import a smaller branch or sub-folder, or keep large files out of Git (they do not belong in a code version either).`);
}

const mb = (bytes: number) => `${Math.round(bytes / 100_000) / 10} MB`;
const unreadable = (what: string) => new AppError("INVALID_INPUT", `The Git server's answer cannot be read (${what}).`);

/** The pack inside an upload-pack answer: pkt-lines with side-band 1 carrying it, or a raw pack after the text lines. */
export function packOfResponse(body: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at + 4 <= body.byteLength) {
    const head = Buffer.from(body.subarray(at, at + 4)).toString("latin1");
    if (head === "PACK") return body.subarray(at);
    if (!/^[0-9a-f]{4}$/i.test(head)) throw unreadable("a malformed pkt-line");
    const length = Number.parseInt(head, 16);
    if (length === 0 || length === 1 || length === 2) {
      at += 4;
      continue;
    }
    if (length < 4 || at + length > body.byteLength) throw unreadable("a truncated pkt-line");
    const payload = body.subarray(at + 4, at + length);
    if (payload[0] === 1) parts.push(payload.subarray(1));
    at += length;
  }
  return parts.length > 0 ? Buffer.concat(parts) : null;
}

function varintSize(pack: Uint8Array, start: number): { value: number; next: number } {
  let at = start;
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = pack[at++];
    if (byte === undefined) throw unreadable("a truncated delta");
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value, next: at };
  }
}

/** One zlib stream from the front of `input`, never more than `size` bytes out; how many input bytes it used. */
function inflateCapped(input: Uint8Array, size: number): { bytes: Uint8Array; consumed: number } {
  try {
    // With `info`, node returns the engine too (its bytesWritten = input consumed); @types/node does not model it.
    const result = inflateSync(input, { info: true, maxOutputLength: Math.max(size, 1) }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return { bytes: result.buffer, consumed: result.engine.bytesWritten };
  } catch {
    throw unreadable("an object larger than it declares, or corrupt");
  }
}

/** Checks every object of a pack against the limits; throws an AppError naming the first that exceeds them. */
export function scanPack(pack: Uint8Array, limits: Limits = GIT_LIMITS): { objects: number; inflatedBytes: number } {
  if (Buffer.from(pack.subarray(0, 4)).toString("latin1") !== "PACK") throw unreadable("no pack signature");
  const view = Buffer.from(pack.buffer, pack.byteOffset, pack.byteLength);
  const count = view.readUInt32BE(8);
  let at = 12;
  let total = 0;
  for (let i = 0; i < count; i++) {
    let byte = pack[at++] ?? 0;
    const type = (byte >> 4) & 7;
    let size = byte & 0x0f;
    let shift = 4;
    while (byte & 0x80) {
      byte = pack[at++] ?? 0;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (type === OFS_DELTA) while ((pack[at++] ?? 0) & 0x80);
    else if (type === REF_DELTA) at += 20;
    if (size > limits.objectBytes) throw tooLargeObject(size, limits.objectBytes);
    if (at >= pack.byteLength) throw unreadable("a truncated pack");
    const inflated = inflateCapped(pack.subarray(at), size);
    at += inflated.consumed;
    // A delta's own header says how large the object it rebuilds is: base size, then target size.
    const built = type === OFS_DELTA || type === REF_DELTA ? varintSize(inflated.bytes, varintSize(inflated.bytes, 0).next).value : size;
    if (built > limits.objectBytes) throw tooLargeObject(built, limits.objectBytes);
    total += built;
    if (total > limits.inflatedBytes) throw new AppError("INVALID_INPUT", `The repository unpacks to more than ${mb(limits.inflatedBytes)}. Import a smaller branch or sub-folder.`);
  }
  return { objects: count, inflatedBytes: total };
}

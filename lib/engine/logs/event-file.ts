import { open, type FileHandle } from "node:fs/promises";
import { z } from "zod";

/**
 * A log stream on disk: one JSON line per event, `{"t": timestamp, "i": ingestion time, "m": message}`,
 * appended in order. Readers address events by the byte offset of their line, so paging forward or backward
 * from a token never reads more than the page.
 */
export interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
}

/** An event and where its line starts and ends in the file. */
export interface PlacedEvent extends StoredEvent {
  offset: number;
  next: number;
}

const EventLine = z.object({ t: z.number(), i: z.number(), m: z.string() });

export function eventLine(event: StoredEvent): string {
  return `${JSON.stringify({ t: event.timestamp, i: event.ingestionTime, m: event.message })}\n`;
}

function parseLine(text: string, offset: number, next: number): PlacedEvent | undefined {
  try {
    const line = EventLine.parse(JSON.parse(text));
    return { timestamp: line.t, ingestionTime: line.i, message: line.m, offset, next };
  } catch {
    // A line cut short by a crash mid-append is skipped, as if it had never been written.
    return undefined;
  }
}

const BLOCK = 64 * 1024;
const NEWLINE = 0x0a;

/** Events from `from` (a line start) up to `end`, oldest first. */
export async function* eventsForward(file: string, from: number, end: number): AsyncGenerator<PlacedEvent> {
  const handle = await open(file, "r");
  try {
    let carry = Buffer.alloc(0);
    let carryOffset = from;
    for (let position = from; position < end; ) {
      const block = await readBlock(handle, position, Math.min(BLOCK, end - position));
      position += block.length;
      let buffer = Buffer.concat([carry, block]);
      let start = 0;
      for (let newline = buffer.indexOf(NEWLINE); newline >= 0; newline = buffer.indexOf(NEWLINE, start)) {
        const event = parseLine(buffer.toString("utf8", start, newline), carryOffset + start, carryOffset + newline + 1);
        if (event) yield event;
        start = newline + 1;
      }
      buffer = buffer.subarray(start);
      carryOffset += start;
      carry = buffer;
    }
  } finally {
    await handle.close();
  }
}

/** Events that end at or before `before` (a line start), newest first. */
export async function* eventsBackward(file: string, before: number): AsyncGenerator<PlacedEvent> {
  const handle = await open(file, "r");
  try {
    // `carry` holds bytes [position, lineEnd) not yet split into lines: the tail of the line being assembled.
    let carry = Buffer.alloc(0);
    let lineEnd = before;
    for (let position = before; position > 0; ) {
      const size = Math.min(BLOCK, position);
      position -= size;
      const buffer = Buffer.concat([await readBlock(handle, position, size), carry]);
      // The last byte is the newline of the line ending at lineEnd; lines are split at the newlines before it.
      let stop = buffer.length - 1;
      for (let newline = buffer.lastIndexOf(NEWLINE, stop - 1); newline >= 0; newline = buffer.lastIndexOf(NEWLINE, stop - 1)) {
        const event = parseLine(buffer.toString("utf8", newline + 1, stop), position + newline + 1, lineEnd);
        if (event) yield event;
        lineEnd = position + newline + 1;
        stop = newline;
      }
      carry = buffer.subarray(0, stop + 1);
      if (position === 0 && carry.length > 1) {
        const event = parseLine(carry.toString("utf8", 0, carry.length - 1), 0, lineEnd);
        if (event) yield event;
      }
    }
  } finally {
    await handle.close();
  }
}

/** Whether `offset` starts a line of the file (a token someone crafted may point anywhere). */
export async function isLineStart(file: string, offset: number, size: number): Promise<boolean> {
  if (offset === 0 || offset === size) return offset <= size;
  if (offset < 0 || offset > size) return false;
  const handle = await open(file, "r");
  try {
    const byte = await readBlock(handle, offset - 1, 1);
    return byte[0] === NEWLINE;
  } finally {
    await handle.close();
  }
}

async function readBlock(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

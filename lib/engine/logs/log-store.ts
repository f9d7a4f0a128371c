import { createHash } from "node:crypto";
import { appendFile, mkdir, open, readdir, stat, truncate } from "node:fs/promises";
import path from "node:path";
import { isNotFound, readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";
import { eventLine, eventsBackward, eventsForward, type StoredEvent } from "./event-file";

/** A log stream as DescribeLogStreams shows it, and where its events are. */
export interface LogStream {
  logGroupName: string;
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  /** Bytes of the events file: every event before this offset is readable. */
  size: number;
  file: string;
  /** Stable id of the stream, part of its events' ids and of FilterLogEvents tokens. */
  id: string;
}

export interface LogGroup {
  logGroupName: string;
  creationTime: number;
  streams: Map<string, LogStream>;
}

type GroupRecord = { logGroupName: string; creationTime: number };
type StreamRecord = { logStreamName: string; creationTime: number };

const hashed = (name: string) => createHash("sha256").update(name).digest("hex");

/**
 * CloudWatch Logs' storage: `<root>/<sha256(group)>/group.json`, and per stream `<sha256(stream)>.json` (its
 * name and creation) beside `<sha256(stream)>.events` (see event-file.ts). Names never become paths. Streams
 * are created by their first events, as SageMaker's agent creates them; appends to one stream are ordered.
 */
export class LogStore {
  private readonly groups = new Map<string, LogGroup>();
  private readonly writes = new SerialWriter();
  /** Groups created by this process, settled once their record is on disk. */
  private readonly groupsWritten = new Map<string, Promise<void>>();

  constructor(private readonly root: string) {}

  async load(): Promise<void> {
    for (const dir of await listDir(this.root)) {
      const groupDir = path.join(this.root, dir);
      const record = await readJson<GroupRecord>(path.join(groupDir, "group.json"));
      if (!record) continue;
      const group: LogGroup = { ...record, streams: new Map() };
      this.groups.set(record.logGroupName, group);
      for (const file of (await listDir(groupDir)).filter((f) => f.endsWith(".json") && f !== "group.json")) {
        const stream = await readJson<StreamRecord>(path.join(groupDir, file));
        if (stream) group.streams.set(stream.logStreamName, await this.loadStream(group, groupDir, stream));
      }
    }
  }

  listGroups(): LogGroup[] {
    return [...this.groups.values()].sort((a, b) => compareNames(a.logGroupName, b.logGroupName));
  }

  group(name: string): LogGroup | undefined {
    return this.groups.get(name);
  }

  /** Appends events (in timestamp order) to a stream, creating its group and itself when they are new. */
  append(groupName: string, streamName: string, events: readonly StoredEvent[]): Promise<void> {
    return this.writes.run(`${groupName}\n${streamName}`, async () => {
      const stream = await this.ensureStream(groupName, streamName);
      if (events.length === 0) return;
      const text = events.map(eventLine).join("");
      try {
        await appendFile(stream.file, text);
      } catch (error) {
        // A part-written line (a full disk) must not glue itself to the next append's first line.
        await truncate(stream.file, stream.size).catch(() => undefined);
        throw error;
      }
      stream.size += Buffer.byteLength(text);
      stream.firstEventTimestamp ??= events[0]?.timestamp;
      stream.lastEventTimestamp = events.at(-1)?.timestamp;
      stream.lastIngestionTime = events.at(-1)?.ingestionTime;
    });
  }

  private async ensureStream(groupName: string, streamName: string): Promise<LogStream> {
    let group = this.groups.get(groupName);
    const groupDir = path.join(this.root, hashed(groupName));
    if (!group) {
      // In the map before the first await: streams of one group are appended to concurrently.
      const record: GroupRecord = { logGroupName: groupName, creationTime: Date.now() };
      group = { ...record, streams: new Map() };
      this.groups.set(groupName, group);
      this.groupsWritten.set(groupName, writeJsonAtomic(path.join(groupDir, "group.json"), record));
    }
    await this.groupsWritten.get(groupName);
    const existing = group.streams.get(streamName);
    if (existing) return existing;
    const record: StreamRecord = { logStreamName: streamName, creationTime: Date.now() };
    const id = hashed(streamName);
    await mkdir(groupDir, { recursive: true });
    await appendFile(path.join(groupDir, `${id}.events`), "");
    await writeJsonAtomic(path.join(groupDir, `${id}.json`), record);
    const stream: LogStream = { ...record, logGroupName: groupName, size: 0, file: path.join(groupDir, `${id}.events`), id };
    group.streams.set(streamName, stream);
    return stream;
  }

  /** A stream's figures come from its events file: a line cut short by a crash is dropped first. */
  private async loadStream(group: LogGroup, groupDir: string, record: StreamRecord): Promise<LogStream> {
    const id = hashed(record.logStreamName);
    const file = path.join(groupDir, `${id}.events`);
    const size = await completeSize(file);
    const stream: LogStream = { ...record, logGroupName: group.logGroupName, size, file, id };
    for await (const first of eventsForward(file, 0, size)) {
      stream.firstEventTimestamp = first.timestamp;
      break;
    }
    for await (const last of eventsBackward(file, size)) {
      stream.lastEventTimestamp = last.timestamp;
      stream.lastIngestionTime = last.ingestionTime;
      break;
    }
    return stream;
  }
}

/** Names in the order CloudWatch lists them: by their bytes. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: unknown) => {
    if (isNotFound(error)) return [];
    throw error;
  });
}

/** The size up to the last complete line, truncating a partial one left by a crash. */
async function completeSize(file: string): Promise<number> {
  const size = (await stat(file).catch(() => undefined))?.size ?? 0;
  if (size === 0) return 0;
  const handle = await open(file, "r");
  let keep = size;
  try {
    // The longest line (a 256 KiB message of escaped control characters) is well under 2 MiB.
    const tail = Buffer.alloc(Math.min(size, 2 * 1024 * 1024));
    await handle.read(tail, 0, tail.length, size - tail.length);
    if (tail.at(-1) === 0x0a) return size;
    keep = size - tail.length + tail.lastIndexOf(0x0a) + 1;
  } finally {
    await handle.close();
  }
  await truncate(file, keep);
  return keep;
}

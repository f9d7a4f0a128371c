import { createHash } from "node:crypto";
import { appendFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isNotFound, readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";

export interface QueueRecord {
  name: string;
  arn: string;
  /** Settable attributes, as SQS keeps them (strings). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdTimestamp: number;
  lastModifiedTimestamp: number;
  lastPurgeAt?: number;
}

export interface MessageRecord {
  id: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  senderId: string;
  receiveCount: number;
  firstReceiveAt?: number;
  /** Epoch ms from which a receive may return it (delay, or the visibility timeout of the last receive). */
  visibleAt: number;
  /** The nonce of the latest receive: only its receipt handle deletes the message or changes its visibility. */
  receipt?: string;
}

/** One line of a queue's journal; replaying them in order rebuilds its messages. */
type JournalEntry =
  | { op: "send"; message: MessageRecord }
  | { op: "receive"; id: string; receiveCount: number; firstReceiveAt: number; visibleAt: number; receipt: string }
  | { op: "visibility"; id: string; visibleAt: number }
  | { op: "delete"; id: string }
  | { op: "purge" };

/**
 * SQS's durable state: one JSON file per queue (its attributes) and one append-only journal per queue (its
 * messages: sends, receives, visibility changes, deletes, purges). A request is answered once its journal line
 * is on disk, so a restarted engine has every message it acknowledged, each with its receive count and
 * visibility. At load the journal is replayed and rewritten compacted. Files are named by the SHA-256 of the
 * queue name, so names never become paths.
 */
export class QueueStore {
  readonly queues = new Map<string, QueueRecord>();
  /** Messages per queue, in send order. */
  readonly messages = new Map<string, Map<string, MessageRecord>>();
  private readonly writes = new SerialWriter();

  constructor(private readonly root: string) {}

  async load(): Promise<void> {
    const dir = path.join(this.root, "queues");
    await mkdir(dir, { recursive: true });
    await mkdir(path.join(this.root, "journals"), { recursive: true });
    for (const name of await readdir(dir)) {
      if (!name.endsWith(".json")) continue;
      const queue = await readJson<QueueRecord>(path.join(dir, name));
      if (!queue) continue;
      this.queues.set(queue.name, queue);
      this.messages.set(queue.name, await this.replay(queue.name));
      await this.compact(queue.name);
    }
  }

  saveQueue(queue: QueueRecord): Promise<void> {
    this.queues.set(queue.name, queue);
    if (!this.messages.has(queue.name)) this.messages.set(queue.name, new Map());
    const file = this.file("queues", queue.name, "json");
    const snapshot = structuredClone(queue);
    return this.writes.run(file, () => writeJsonAtomic(file, snapshot));
  }

  async deleteQueue(name: string): Promise<void> {
    this.queues.delete(name);
    this.messages.delete(name);
    const queueFile = this.file("queues", name, "json");
    const journal = this.file("journals", name, "jsonl");
    await Promise.all([this.writes.run(queueFile, () => rm(queueFile, { force: true })), this.writes.run(journal, () => rm(journal, { force: true }))]);
  }

  /** Applies the change in memory at once and resolves when its journal line is on disk. */
  record(queue: string, entry: JournalEntry): Promise<void> {
    const messages = this.messages.get(queue);
    if (!messages) return Promise.resolve();
    apply(messages, entry);
    const file = this.file("journals", queue, "jsonl");
    const line = `${JSON.stringify(entry)}\n`;
    return this.writes.run(file, () => appendFile(file, line));
  }

  flush(): Promise<void> {
    return this.writes.drain();
  }

  private async replay(queue: string): Promise<Map<string, MessageRecord>> {
    const messages = new Map<string, MessageRecord>();
    let text = "";
    try {
      text = await readFile(this.file("journals", queue, "jsonl"), "utf8");
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        apply(messages, JSON.parse(line) as JournalEntry);
      } catch {
        // A crash can cut the last line short; every complete line before it still counts.
      }
    }
    return messages;
  }

  /** Rewrites the journal as one send line per live message (with its receive state), through a temp file. */
  private async compact(queue: string): Promise<void> {
    const messages = this.messages.get(queue) ?? new Map();
    const file = this.file("journals", queue, "jsonl");
    const text = [...messages.values()].map((message) => `${JSON.stringify({ op: "send", message } satisfies JournalEntry)}\n`).join("");
    await this.writes.run(file, async () => {
      const tmp = `${file}.compact`;
      await writeFile(tmp, text);
      await rename(tmp, file);
    });
  }

  private file(folder: string, queue: string, extension: string): string {
    return path.join(this.root, folder, `${createHash("sha256").update(queue).digest("hex")}.${extension}`);
  }
}

function apply(messages: Map<string, MessageRecord>, entry: JournalEntry): void {
  switch (entry.op) {
    case "send":
      messages.set(entry.message.id, { ...entry.message });
      return;
    case "receive": {
      const message = messages.get(entry.id);
      if (message) Object.assign(message, { receiveCount: entry.receiveCount, firstReceiveAt: entry.firstReceiveAt, visibleAt: entry.visibleAt, receipt: entry.receipt });
      return;
    }
    case "visibility": {
      const message = messages.get(entry.id);
      if (message) message.visibleAt = entry.visibleAt;
      return;
    }
    case "delete":
      messages.delete(entry.id);
      return;
    case "purge":
      messages.clear();
      return;
  }
}

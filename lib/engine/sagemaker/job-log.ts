import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";

/** Which output a chunk comes from: lines are assembled per source. */
export type OutputSource = "stdout" | "stderr" | "engine";

/** Where the same output goes as CloudWatch events (logs/stream-writer.ts): a line per event, as it arrives. */
export interface LogEventSink {
  write(chunk: string | Buffer, source: OutputSource): void;
  /** Ends the line in progress; settles once every event so far is stored. */
  flush(): Promise<void>;
}

/**
 * One job's log file, opened once for the whole job: the runner's `[ferry]` lines and the container's
 * stdout/stderr go through the same handle, in order. Writes are queued, not awaited one by one, so logging
 * never holds up the job; `flush()` settles once everything written so far is in the file, and the runner
 * waits for it before recording the job's end, so whoever sees the job finished sees its whole log.
 *
 * A job may print without end, so the log is capped: its first half is written as it comes, then only the
 * last half is kept (in memory) and written at `flush()` or `close()`, after a line saying how much was
 * dropped between the two.
 */
export class JobLog {
  private readonly handle: Promise<FileHandle>;
  private tail: Promise<void>;
  private closed = false;
  private closing?: Promise<void>;
  /** Bytes waiting for the write queued after the one in flight. */
  private pending: Buffer[] = [];
  private readonly half: number;
  /** Bytes written as they came (the head). */
  private written = 0;
  /** Past the head: the latest bytes, at most `half`, and how many were dropped before them. */
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private dropped = 0;

  constructor(
    readonly file: string,
    limitBytes = Number.POSITIVE_INFINITY,
    private readonly events?: LogEventSink,
  ) {
    this.half = Math.floor(limitBytes / 2);
    // The job's folder is usually there (its record is written first), so it is made only on a miss.
    this.handle = open(file, "a").catch(async (error: unknown) => {
      if (!(error instanceof Error && "code" in error && error.code === "ENOENT")) throw error;
      await mkdir(path.dirname(file), { recursive: true });
      return open(file, "a");
    });
    this.tail = this.handle.then(() => undefined);
    // A log that cannot be opened must not become an unhandled rejection; close() reports it.
    this.tail.catch(() => undefined);
  }

  /** A line from the engine itself. */
  line(text: string): void {
    this.write(`[ferry] ${text}\n`, "engine");
  }

  /** Raw bytes (the container's output). Ignored once the log is closed. */
  write(chunk: string | Buffer, source: OutputSource = "stdout"): void {
    if (this.closed) return;
    this.events?.write(chunk, source);
    let bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    const room = this.half - this.written;
    if (room > 0) {
      const head = bytes.subarray(0, room);
      this.written += head.length;
      this.append(head);
      bytes = bytes.subarray(head.length);
    }
    if (bytes.length > 0) this.keep(bytes);
  }

  /** Settles once every write so far is in the file and in the event stream (rejects if the last one failed). */
  flush(): Promise<void> {
    this.spill();
    return Promise.all([this.tail, this.events?.flush()]).then(() => undefined);
  }

  /** Settles once every write so far is in the file; a second call never rejects (the first reported it). */
  close(): Promise<void> {
    if (this.closing) return this.closing.catch(() => undefined);
    this.closing = this.flush().finally(async () => {
      await (await this.handle.catch(() => undefined))?.close();
    });
    this.closed = true;
    return this.closing;
  }

  private keep(bytes: Buffer): void {
    this.kept.push(bytes);
    this.keptBytes += bytes.length;
    while (this.keptBytes > this.half) {
      const first = this.kept[0] ?? Buffer.alloc(0);
      const excess = this.keptBytes - this.half;
      const cut = Math.min(excess, first.length);
      this.dropped += cut;
      this.keptBytes -= cut;
      if (cut === first.length) this.kept.shift();
      else this.kept[0] = first.subarray(cut);
    }
  }

  /** Writes what was kept past the head, after a note of what was dropped. */
  private spill(): void {
    if (this.closed || this.keptBytes === 0) return;
    if (this.dropped > 0) {
      this.append(Buffer.from(`\n[ferry] log truncated: ${this.dropped} bytes dropped here (a job's log keeps its first and last ${this.half} bytes; FERRY_ENGINE_MAX_JOB_LOG_MB)\n`));
    }
    for (const bytes of this.kept) this.append(bytes);
    this.kept = [];
    this.keptBytes = 0;
    this.dropped = 0;
  }

  /** What arrives while a write is in flight goes out as one write after it: `[ferry]` lines come in bursts. */
  private append(bytes: Buffer): void {
    this.pending.push(bytes);
    if (this.pending.length > 1) return;
    // One failed write (a full disk) must not silently drop everything after it, so each write starts afresh.
    this.tail = this.tail.catch(() => undefined).then(async () => {
      const batch = this.pending;
      this.pending = [];
      await (await this.handle).appendFile(batch.length === 1 ? (batch[0] ?? Buffer.alloc(0)) : Buffer.concat(batch));
    });
    this.tail.catch(() => undefined);
  }
}

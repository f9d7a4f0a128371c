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
 */
export class JobLog {
  private readonly handle: Promise<FileHandle>;
  private tail: Promise<void>;
  private closed = false;
  private closing?: Promise<void>;
  /** Bytes waiting for the write queued after the one in flight. */
  private pending: Buffer[] = [];

  constructor(
    readonly file: string,
    private readonly events?: LogEventSink,
  ) {
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

  /**
   * Raw bytes (the container's output). Ignored once the log is closed. What arrives while a write is in
   * flight goes out as one write after it: a job's `[ferry]` lines mostly come in bursts.
   */
  write(chunk: string | Buffer, source: OutputSource = "stdout"): void {
    if (this.closed) return;
    this.events?.write(chunk, source);
    this.pending.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    if (this.pending.length > 1) return;
    // One failed write (a full disk) must not silently drop everything after it, so each write starts afresh.
    this.tail = this.tail.catch(() => undefined).then(async () => {
      const batch = this.pending;
      this.pending = [];
      await (await this.handle).appendFile(batch.length === 1 ? (batch[0] ?? Buffer.alloc(0)) : Buffer.concat(batch));
    });
    this.tail.catch(() => undefined);
  }

  /** Settles once every write so far is in the file and in the event stream (rejects if the last one failed). */
  flush(): Promise<void> {
    return Promise.all([this.tail, this.events?.flush()]).then(() => undefined);
  }

  /** Settles once every write so far is in the file; a second call never rejects (the first reported it). */
  close(): Promise<void> {
    if (this.closing) return this.closing.catch(() => undefined);
    this.closed = true;
    this.closing = this.flush().finally(async () => {
      await (await this.handle.catch(() => undefined))?.close();
    });
    return this.closing;
  }
}

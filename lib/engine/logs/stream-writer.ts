import type { OutputSource } from "../sagemaker/job-log";
import type { StoredEvent } from "./event-file";
import type { LogStore } from "./log-store";

/** CloudWatch's largest event: 256 KiB including 26 bytes of overhead; a longer line becomes several events. */
export const MAX_EVENT_BYTES = 256 * 1024 - 26;
/** What one stream keeps of a job's output; a job printing without end must not fill the engine's disk. */
export const MAX_STREAM_BYTES = 256 * 1024 * 1024;

/**
 * Turns a process's output into CloudWatch events as SageMaker's log agent does: one event per line (the
 * newline dropped, empty lines skipped), stamped when the line arrives, lines assembled per source (stdout and
 * stderr interleave chunk by chunk). Lines are appended while the job runs, batched behind the append in
 * flight, so `aws logs tail --follow` sees them within its polling interval.
 */
export class LogStreamWriter {
  private readonly partial = new Map<OutputSource, Buffer>();
  private pending: StoredEvent[] = [];
  private tail: Promise<void> = Promise.resolve();
  private lastTimestamp = 0;
  private kept = 0;
  private full = false;
  private queued = false;

  constructor(
    private readonly store: LogStore,
    readonly groupName: string,
    readonly streamName: string,
    private readonly maxBytes = MAX_STREAM_BYTES,
  ) {}

  write(chunk: string | Buffer, source: OutputSource): void {
    let buffer = Buffer.concat([this.partial.get(source) ?? Buffer.alloc(0), typeof chunk === "string" ? Buffer.from(chunk) : chunk]);
    for (let newline = buffer.indexOf(0x0a); newline >= 0; newline = buffer.indexOf(0x0a)) {
      this.line(buffer.subarray(0, newline));
      buffer = buffer.subarray(newline + 1);
    }
    while (buffer.length > MAX_EVENT_BYTES) {
      const cut = utf8Boundary(buffer, MAX_EVENT_BYTES);
      this.line(buffer.subarray(0, cut));
      buffer = buffer.subarray(cut);
    }
    this.partial.set(source, Buffer.from(buffer));
    this.schedule();
  }

  /** Ends the lines in progress and settles once every event so far is stored (rejects if the last append failed). */
  flush(): Promise<void> {
    for (const rest of this.partial.values()) this.line(rest);
    this.partial.clear();
    this.schedule();
    return this.tail;
  }

  private line(bytes: Buffer): void {
    for (let rest = bytes; rest.length > 0; ) {
      const cut = rest.length > MAX_EVENT_BYTES ? utf8Boundary(rest, MAX_EVENT_BYTES) : rest.length;
      this.event(rest.subarray(0, cut).toString("utf8"));
      rest = rest.subarray(cut);
    }
  }

  private event(message: string): void {
    if (this.full || message.length === 0) return;
    this.kept += Buffer.byteLength(message);
    if (this.kept > this.maxBytes) {
      this.full = true;
      message = `[ferry] the job wrote more than ${this.maxBytes} bytes of log; the rest is not kept.`;
    }
    // Events of a stream are in timestamp order, even if the clock steps back.
    const timestamp = Math.max(Date.now(), this.lastTimestamp);
    this.lastTimestamp = timestamp;
    this.pending.push({ timestamp, ingestionTime: timestamp, message });
  }

  /** Queues one append behind the one in flight; it takes every event that arrived by the time it runs. */
  private schedule(): void {
    if (this.pending.length === 0 || this.queued) return;
    this.queued = true;
    // Each append starts afresh after a failed one (a full disk), so one failure does not drop all the rest.
    this.tail = this.tail
      .catch(() => undefined)
      .then(() => {
        this.queued = false;
        const batch = this.pending;
        this.pending = [];
        return batch.length > 0 ? this.store.append(this.groupName, this.streamName, batch) : undefined;
      });
    this.tail.catch(() => undefined);
  }
}

/** The largest cut at or below `limit` that does not split a UTF-8 character. */
function utf8Boundary(buffer: Buffer, limit: number): number {
  let cut = limit;
  while (cut > 0 && ((buffer[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return cut > 0 ? cut : limit;
}

import type { SfnRepository } from "./repository";
import type { HistoryEvent } from "./types";

/** Writes one execution's history with AWS's ids: sequential from 1, each pointing at the event before it. */
export class HistoryRecorder {
  private lastId: number;
  private closed = false;

  constructor(
    private readonly repository: SfnRepository,
    private readonly executionArn: string,
    existing: HistoryEvent[],
  ) {
    this.lastId = existing.at(-1)?.id ?? 0;
  }

  static async open(repository: SfnRepository, executionArn: string): Promise<HistoryRecorder> {
    return new HistoryRecorder(repository, executionArn, await repository.history(executionArn));
  }

  /**
   * After an engine shutdown, a task still settling must not append to a history the next engine owns
   * (it would reuse event ids).
   */
  close(): void {
    this.closed = true;
  }

  /** `type` is AWS's event type; `details` goes under `<type with a lower-case first letter>EventDetails`. */
  record(type: string, details?: Record<string, unknown>, detailsType = type): Promise<void> {
    if (this.closed) return Promise.resolve();
    const event: HistoryEvent = {
      timestamp: Date.now() / 1000,
      type,
      id: this.lastId + 1,
      previousEventId: this.lastId,
    };
    if (details) event[`${detailsType.charAt(0).toLowerCase()}${detailsType.slice(1)}EventDetails`] = details;
    this.lastId = event.id;
    return this.repository.appendEvent(this.executionArn, event);
  }
}


/**
 * Serialises writes per key: a record written twice in quick succession must land in order, or an older
 * snapshot could overwrite a newer one on disk.
 */
export class SerialWriter {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, write: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(write, write);
    this.tails.set(key, next);
    // Both outcomes: a failed write is the caller's to handle, and must not surface here as unhandled.
    const forget = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }
}

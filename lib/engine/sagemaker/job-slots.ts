/**
 * Numbers the jobs running at once, 0..n-1, lowest free first. A job's slot picks its host uid (as root) and
 * its CPUs; slots live only as long as the engine process, as the sandboxes that use them do.
 */
export class JobSlots {
  private readonly busy = new Set<number>();

  take(): number {
    let slot = 0;
    while (this.busy.has(slot)) slot += 1;
    this.busy.add(slot);
    return slot;
  }

  release(slot: number): void {
    this.busy.delete(slot);
  }
}

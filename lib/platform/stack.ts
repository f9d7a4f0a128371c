/**
 * Services started in order and stopped in reverse, once, whether the process ends by Ctrl-C, SIGTERM or
 * an error. Used by `npm start` and by test/bench harnesses.
 */
export class Stack {
  private readonly services: { name: string; stop: () => Promise<void>; standDown?: () => void }[] = [];
  private stopping: Promise<void> | null = null;

  /** `standDown` runs for every service before any is stopped: a supervisor must not restart a child that Ctrl-C reached first. */
  push(name: string, stop: () => Promise<void>, standDown?: () => void) {
    this.services.push({ name, stop, standDown });
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of this.services) service.standDown?.();
      for (const service of [...this.services].reverse()) {
        try {
          await service.stop();
        } catch (error) {
          console.error(`[ferry] stopping ${service.name} failed:`, error);
        }
      }
    })();
    return this.stopping;
  }

  stopOnSignals() {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        console.log(`\n[ferry] ${signal}: stopping…`);
        void this.stop().then(() => process.exit(0));
      });
    }
  }
}

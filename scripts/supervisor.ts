import type { ExitStatus } from "../lib/db/embedded-postgres";

/** A started child: resolves `exited` however it ends; `stop()` ends it on purpose. */
export type Running = { exited: Promise<ExitStatus>; stop(): Promise<void> };

export type RestartPolicy = { baseDelayMs: number; maxDelayMs: number; maxExits: number; windowMs: number };

/** 1 s, 2 s, 4 s … up to 30 s between restarts; 5 exits within 60 s and the child is left down. */
export const DEFAULT_POLICY: RestartPolicy = { baseDelayMs: 1_000, maxDelayMs: 30_000, maxExits: 5, windowMs: 60_000 };

export function describeExit({ code, signal }: ExitStatus): string {
  return signal ? `signal ${signal}` : `exit code ${code ?? "unknown"}`;
}

/**
 * Keeps one child of `npm start` alive: when it ends without being asked to, it is started again after a
 * back-off, each restart logged with how it ended. One that keeps dying is left down with the reason, and
 * `onGiveUp` decides what that means (the web server: stop everything; the worker: readiness says degraded).
 * The back-off comes before the check for a stop in progress, so a Ctrl-C that reaches a child before this
 * process never looks like a crash.
 */
export class Supervised {
  private current: Running | null = null;
  private stopping = false;
  private exits: number[] = [];

  constructor(
    readonly name: string,
    private readonly start: () => Promise<Running>,
    private readonly log: (message: string) => void,
    private readonly onGiveUp: (reason: string) => void = () => undefined,
    private readonly policy: RestartPolicy = DEFAULT_POLICY,
  ) {}

  async run(): Promise<void> {
    this.current = await this.start();
    void this.watch(this.current);
  }

  private async watch(running: Running): Promise<void> {
    const status = await running.exited;
    if (this.stopping || running !== this.current) return;
    const now = Date.now();
    this.exits = [...this.exits.filter((at) => now - at < this.policy.windowMs), now];
    if (this.exits.length >= this.policy.maxExits) {
      const reason = `${this.name} keeps dying (${this.exits.length} exits within ${this.policy.windowMs / 1000} s, the last with ${describeExit(status)}): not restarting it`;
      this.log(reason);
      this.current = null;
      return this.onGiveUp(reason);
    }
    const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (this.exits.length - 1));
    this.log(`${this.name} exited unexpectedly (${describeExit(status)}); restarting it in ${delay / 1000} s (restart ${this.exits.length})`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.stopping) return;
    try {
      await this.run();
      this.log(`${this.name} restarted`);
    } catch (error) {
      this.log(`${this.name} could not be restarted: ${error instanceof Error ? error.message : String(error)}`);
      this.current = { exited: Promise.resolve({ code: null, signal: null }), stop: async () => undefined };
      void this.watch(this.current);
    }
  }

  /** From now on an exit is expected (the whole stack is stopping, and a signal may reach the child first). */
  standDown(): void {
    this.stopping = true;
  }

  async stop(): Promise<void> {
    this.standDown();
    await this.current?.stop();
  }
}

import pRetry from "p-retry";

/** Error names AWS uses for "slow down"; anything else is not retried here (the SDK already retried transport errors). */
const THROTTLING = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException"]);

export function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING.has(error.name);
}

/** How many calls of each API a process made, for the bench and the reconciler's log line. */
export class CallCounter {
  readonly calls = new Map<string, number>();
  add(api: string): void {
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
  }
  total(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }
}

/** What a call waits on before it is made: a token bucket, or a budget shared by priority (lib/runs/events). */
export type CallBudget = { take(): Promise<void> };

/** A token bucket, as AWS throttles: `burst` calls at once, then `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}

/**
 * One AWS call: waits for a token of its API's bucket, counts it, and retries throttling with jittered
 * exponential backoff (p-retry's `randomize`), so many callers backing off do not retry in lockstep.
 */
export async function awsCall<T>(api: string, fn: () => Promise<T>, options: { bucket?: CallBudget; counter?: CallCounter; signal?: AbortSignal } = {}): Promise<T> {
  return pRetry(
    async () => {
      await options.bucket?.take();
      options.counter?.add(api);
      return fn();
    },
    { retries: 6, minTimeout: 200, maxTimeout: 10_000, factor: 2, randomize: true, signal: options.signal, shouldRetry: ({ error }) => isThrottling(error) },
  );
}

import type { CallBudget } from "../aws-calls";

/**
 * One rate for the consumer's history reads, served by priority: a read that brings a run to its end goes
 * before any read that only shows progress, however long the latter has waited. Like AWS's own throttling it
 * is a token bucket: `burst` reads may go at once, then `perSecond`. Progress only spends what is above
 * `reserve`: the reserve is kept for ends, so a wave of runs ending together is read at once even when their
 * steps' events came first and faster than the rate (progress is also covered by each run's final read).
 */
export class PriorityBudget {
  private tokens: number;
  private last = Date.now();
  private readonly waiting = { urgent: [] as (() => void)[], progress: [] as (() => void)[] };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly reserve: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number = perSecond,
    reserve = 0,
  ) {
    this.tokens = burst;
    this.reserve = Math.min(Math.max(0, reserve), burst - 1);
  }

  for(urgent: boolean): CallBudget {
    return { take: () => this.take(urgent) };
  }

  /**
   * For a progress read that is only worth making now: a budget whose first read is paid for already, or null
   * when progress may not spend (nothing above the reserve, or ends waiting). A sync given it never waits
   * holding its run, which would keep that run's end waiting behind its progress.
   */
  prepaidProgress(): CallBudget | null {
    this.refill();
    if (this.waiting.urgent.length || this.tokens < this.reserve + 1) return null;
    this.tokens -= 1;
    let paid = true;
    return {
      take: () => {
        if (!paid) return this.take(false);
        paid = false;
        return Promise.resolve();
      },
    };
  }

  private take(urgent: boolean): Promise<void> {
    return new Promise((resolve) => {
      (urgent ? this.waiting.urgent : this.waiting.progress).push(resolve);
      this.serve();
    });
  }

  /** Tokens the next waiting read needs in the bucket before it may go. */
  private needed(): number | null {
    if (this.waiting.urgent.length) return 1;
    if (this.waiting.progress.length) return this.reserve + 1;
    return null;
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }

  private serve(): void {
    this.refill();
    for (let needed = this.needed(); needed !== null && this.tokens >= needed; needed = this.needed()) {
      this.tokens -= 1;
      (this.waiting.urgent.shift() ?? this.waiting.progress.shift())?.();
    }
    const needed = this.needed();
    if (this.timer || needed === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.serve();
    }, Math.ceil(((needed - this.tokens) / this.perSecond) * 1000));
  }
}

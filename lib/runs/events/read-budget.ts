import type { CallBudget } from "../aws-calls";

/**
 * One rate for the consumer's history reads, served by priority: a read that brings a run to its end goes
 * before any read that only shows progress, however long the latter has waited. Progress is what gives way
 * when events come faster than the rate allows (it is also covered by the run's final read). Like AWS's own
 * throttling it is a token bucket: `burst` reads may go at once (many runs ending together), then `perSecond`.
 */
export class PriorityBudget {
  private tokens: number;
  private last = Date.now();
  private readonly waiting = { urgent: [] as (() => void)[], progress: [] as (() => void)[] };
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number = perSecond,
  ) {
    this.tokens = burst;
  }

  for(urgent: boolean): CallBudget {
    return { take: () => this.take(urgent) };
  }

  private take(urgent: boolean): Promise<void> {
    return new Promise((resolve) => {
      (urgent ? this.waiting.urgent : this.waiting.progress).push(resolve);
      this.serve();
    });
  }

  private serve(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    while (this.tokens >= 1) {
      const next = this.waiting.urgent.shift() ?? this.waiting.progress.shift();
      if (!next) return;
      this.tokens -= 1;
      next();
    }
    if (this.timer || (this.waiting.urgent.length === 0 && this.waiting.progress.length === 0)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.serve();
    }, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
  }
}

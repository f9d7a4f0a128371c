import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * A second brake on password guessing, keyed by the account rather than the client address: addresses come
 * from X-Forwarded-For, which a client can forge when Ferry is not behind a proxy that overwrites it.
 * In memory, so per process; a fleet of Ferry instances multiplies the allowance (documented in README).
 */
export function accountSignInLimiter(attemptsPerMinute: number) {
  const limiter = new RateLimiterMemory({ points: attemptsPerMinute, duration: 60 });
  return {
    /** Counts one attempt for this email; returns the seconds to wait when the allowance is spent, else null. */
    async attempt(email: string): Promise<number | null> {
      try {
        await limiter.consume(email.trim().toLowerCase());
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.ceil(rejection.msBeforeNext / 1000);
        throw rejection;
      }
    },
  };
}

import type { PrismaClient } from "@/generated/prisma/client";

/**
 * Password-guessing brakes, kept in PostgreSQL so every app instance counts the same attempts.
 * - Per client address: attempts per minute (the address comes from lib/http/client-address.ts, which trusts
 *   X-Forwarded-For only from FERRY_TRUSTED_PROXIES).
 * - Per account: failed passwords only, counted after the password check, slowed with exponential back-off.
 *   A browser holding a device cookie from an earlier successful sign-in to the account has its own counter,
 *   so failures made elsewhere cannot lock the owner out (OWASP, "Slow down online guessing attacks with
 *   device cookies").
 */
export const SIGN_IN_BACK_OFF = {
  /** Failures within the window before any delay. */
  freeFailures: 5,
  windowSeconds: 15 * 60,
  /** The delay after the (free + n)th failure is 2^n seconds, up to this. */
  maxDelaySeconds: 15 * 60,
} as const;

type Counter = { count: number; windowStartedAt: Date; lastAt: Date };
export type Hold = { seconds: number; message: string };

/** Adds one to `key`'s counter, starting a new window when the last one is over; returns the new counter. */
async function bump(db: PrismaClient, key: string, windowSeconds: number): Promise<Counter> {
  const rows = await db.$queryRaw<Counter[]>`
    INSERT INTO sign_in_throttles (key, count, window_started_at, last_at) VALUES (${key}, 1, now(), now())
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN sign_in_throttles.window_started_at <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE sign_in_throttles.count + 1 END,
      window_started_at = CASE WHEN sign_in_throttles.window_started_at <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE sign_in_throttles.window_started_at END,
      last_at = now()
    RETURNING count, window_started_at AS "windowStartedAt", last_at AS "lastAt"`;
  const counter = rows[0];
  if (!counter) throw new Error(`no counter returned for ${key}`);
  return counter;
}

async function read(db: PrismaClient, key: string): Promise<Counter | null> {
  return db.signInThrottle.findUnique({ where: { key }, select: { count: true, windowStartedAt: true, lastAt: true } });
}

export function backOffSeconds(failures: number): number {
  const beyond = failures - SIGN_IN_BACK_OFF.freeFailures;
  return beyond < 0 ? 0 : Math.min(2 ** beyond, SIGN_IN_BACK_OFF.maxDelaySeconds);
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** Who is signing in, as far as the limits care. */
export type SignInAttempt = {
  address: string;
  email: string;
  /** The device id from a valid device cookie for this very account, else null. */
  device: string | null;
};

export const normalizedEmail = (email: string) => email.trim().toLowerCase();

/** The counter a failure of this attempt goes to: the device's own, or the account's shared one. */
function failureKey(attempt: SignInAttempt): string {
  return attempt.device ? `device:${attempt.device}` : `account:${normalizedEmail(attempt.email)}`;
}

export function signInLimits(db: PrismaClient, attemptsPerMinutePerAddress: number) {
  return {
    /** Before the password is checked: counts the attempt for its address; says how long to wait, or null. */
    async admit(attempt: SignInAttempt, now = Date.now()): Promise<Hold | null> {
      const address = await bump(db, `address:${attempt.address}`, 60);
      if (address.count > attemptsPerMinutePerAddress) {
        const seconds = secondsUntil(address.windowStartedAt.getTime() + 60_000, now);
        return { seconds, message: `Too many sign-in attempts from your address. Try again in ${seconds} s.` };
      }
      const failures = await read(db, failureKey(attempt));
      if (!failures || failures.windowStartedAt.getTime() + SIGN_IN_BACK_OFF.windowSeconds * 1000 <= now) return null;
      const until = failures.lastAt.getTime() + backOffSeconds(failures.count) * 1000;
      if (until <= now) return null;
      const seconds = secondsUntil(until, now);
      return {
        seconds,
        message: `Too many failed sign-ins for this account. Try again in ${seconds} s, or from a browser that has signed in to it before.`,
      };
    },

    /** After the password check. A failure counts against the device or the account; a success clears the device's count. */
    async record(attempt: SignInAttempt, succeeded: boolean): Promise<void> {
      if (!succeeded) await bump(db, failureKey(attempt), SIGN_IN_BACK_OFF.windowSeconds);
      else if (attempt.device) await db.signInThrottle.deleteMany({ where: { key: failureKey(attempt) } });
    },

    /** Forgets counters nobody has touched for longer than any window. */
    async prune(): Promise<void> {
      const before = new Date(Date.now() - SIGN_IN_BACK_OFF.windowSeconds * 1000 - 60_000);
      await db.signInThrottle.deleteMany({ where: { lastAt: { lt: before } } });
    },
  };
}

export type SignInLimits = ReturnType<typeof signInLimits>;

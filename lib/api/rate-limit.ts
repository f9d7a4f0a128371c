import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/commands/errors";
import { EnvSchema } from "@/lib/config/env";

const WINDOW_SECONDS = 60;

/**
 * Requests one token may make per minute (FERRY_API_REQUESTS_PER_MINUTE, default 600), validated by the setting's
 * own schema in env.ts but read per call rather than from the cached env(), so the rate-limit test can lower it.
 */
export function requestsPerMinute(source: Record<string, string | undefined> = process.env): number {
  return EnvSchema.shape.FERRY_API_REQUESTS_PER_MINUTE.catch(600).parse(source.FERRY_API_REQUESTS_PER_MINUTE || undefined);
}

export type RateState = { limit: number; remaining: number; resetSeconds: number };

/**
 * One fixed window per token, counted in PostgreSQL so every app instance shares it: the first request after a
 * window ends starts a new one. Answers the state for the IETF RateLimit headers, or throws 429 (with Retry-After).
 */
export async function countRequest(db: PrismaClient, tokenId: string, limit = requestsPerMinute()): Promise<RateState> {
  const rows = await db.$queryRaw<{ count: number; reset: number }[]>`
    INSERT INTO api_rate_windows (token_id, window_started_at, count) VALUES (${tokenId}::uuid, now(), 1)
    ON CONFLICT (token_id) DO UPDATE SET
      count = CASE WHEN api_rate_windows.window_started_at <= now() - make_interval(secs => ${WINDOW_SECONDS}) THEN 1 ELSE api_rate_windows.count + 1 END,
      window_started_at = CASE WHEN api_rate_windows.window_started_at <= now() - make_interval(secs => ${WINDOW_SECONDS}) THEN now() ELSE api_rate_windows.window_started_at END
    RETURNING count, GREATEST(1, CEIL(EXTRACT(EPOCH FROM (window_started_at + make_interval(secs => ${WINDOW_SECONDS}) - now()))))::int AS reset`;
  const row = rows[0];
  if (!row) throw new Error("api_rate_windows returned no row");
  const state = { limit, remaining: Math.max(0, limit - row.count), resetSeconds: row.reset };
  if (row.count > limit) throw new RateLimited(state);
  return state;
}

export class RateLimited extends AppError {
  constructor(readonly state: RateState) {
    super("TOO_MANY_REQUESTS", `This token made more than ${state.limit} requests in a minute. Try again in ${state.resetSeconds} s.`);
  }
}

/** RateLimit-Policy and RateLimit as draft-ietf-httpapi-ratelimit-headers writes them (structured fields). */
export function rateLimitHeaders(state: RateState): Record<string, string> {
  return {
    "RateLimit-Policy": `"per-token";q=${state.limit};w=${WINDOW_SECONDS}`,
    RateLimit: `"per-token";r=${state.remaining};t=${state.resetSeconds}`,
  };
}

import "server-only";
import { prisma } from "@/lib/db/prisma";
import { baseUrl } from "@/lib/config/env";
import { AppError } from "@/lib/commands/errors";
import { requireMediaType } from "@/lib/http/body";
import type { Handler } from "@/lib/http/route-handler";
import { crossOriginRefusal, originOf } from "@/lib/http/same-origin";
import { refuseNulCharacters } from "@/lib/http/text-input";
import { sessionCaller, tokenCaller, type ApiCaller } from "./caller";
import { isMutating, type Endpoint } from "./endpoint";
import { problemResponse, toProblem } from "./problem";
import { countRequest, rateLimitHeaders, RateLimited, type RateState } from "./rate-limit";

/**
 * Who calls /api/v1. A bearer token carries no ambient authority (a page on another site cannot make the browser
 * send it), so token requests need no same-origin proof; the token is checked, then counted against its rate
 * limit. Without one, a sign-in cookie is ambient authority: it may read (the in-app API browser) but never
 * change anything, and a change is first judged by the same-origin rule like every other mutating route.
 */
async function apiCaller(request: Request, endpoint: Endpoint, onRate: (state: RateState) => void): Promise<ApiCaller> {
  if (request.headers.has("authorization")) {
    const caller = await tokenCaller(prisma, request);
    onRate(await countRequest(prisma, caller.token.tokenId));
    if (caller.token.readOnly && isMutating(request.method)) throw new AppError("FORBIDDEN", "This token is read-only; create a token with your roles to change anything.");
    return caller;
  }
  if (isMutating(request.method)) {
    const refusal = crossOriginRefusal(request.headers, originOf(baseUrl()));
    if (refusal) throw new AppError("FORBIDDEN", refusal);
    throw new AppError("UNAUTHENTICATED", "Changes through /api/v1 need a personal access token (Authorization: Bearer ferry_pat_…); a sign-in cookie may only read.");
  }
  return endpoint.public ? { actor: null, token: null } : sessionCaller(prisma, request);
}

/**
 * The one door of every /api/v1 route (tests/web/route-guards.test.ts): the caller (token, or a cookie for
 * reads), then the media type of a change, then the operation; every answer carries the token's RateLimit
 * headers and every error is a problem document.
 */
export function apiRoute(endpoint: Endpoint): Handler {
  return async (request, context) => {
    let rate: RateState | null = null;
    try {
      const caller = await apiCaller(request, endpoint, (state) => (rate = state));
      if (endpoint.body) requireMediaType(request.headers, endpoint.body.mediaType);
      // Next hands routes without dynamic segments no params at all.
      const params = Object.fromEntries(Object.entries((await context.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const query = Object.fromEntries(new URL(request.url).searchParams);
      refuseNulCharacters({ params, query });
      const response = await endpoint.handle({ db: prisma, request, caller, params, query });
      if (rate) for (const [name, value] of Object.entries(rateLimitHeaders(rate))) response.headers.set(name, value);
      return response;
    } catch (error) {
      const limited = error instanceof RateLimited ? error.state : rate;
      const headers = limited ? rateLimitHeaders(limited) : {};
      if (error instanceof RateLimited) Object.assign(headers, { "Retry-After": String(error.state.resetSeconds) });
      if (error instanceof AppError && error.code === "UNAUTHENTICATED") Object.assign(headers, { "WWW-Authenticate": 'Bearer realm="ferry"' });
      return problemResponse(toProblem(error), headers);
    }
  };
}

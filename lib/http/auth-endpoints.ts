import "server-only";
import { z } from "zod";
import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/prisma";
import { env, servedOverHttps } from "@/lib/config/env";
import { auth, oidcEnabled, OIDC_PROVIDER_ID } from "@/lib/auth/auth";
import { cookieValue, deviceCookieName, deviceOf, deviceSetCookie, newDeviceCookieValue } from "@/lib/auth/device-cookie";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { signInLimits, type SignInAttempt } from "@/lib/auth/sign-in-limit";
import { readCappedBytes } from "./body";
import { clientAddress, trustedProxies } from "./client-address";

const PREFIX = "/api/auth";

/**
 * The better-auth endpoints Ferry's pages use; every other one (update-user, change-email, delete-user, …)
 * answers 404, so nobody can rename themselves or change an account outside Ferry's audited commands.
 */
function allowedEndpoints(method: "GET" | "POST"): readonly string[] {
  const oidc = oidcEnabled() !== null;
  if (method === "GET") return ["/get-session", ...(oidc ? [`/callback/${OIDC_PROVIDER_ID}`, `/oauth2/callback/${OIDC_PROVIDER_ID}`] : [])];
  return ["/sign-in/email", "/sign-out", ...(oidc ? ["/sign-in/social", "/sign-in/oauth2"] : [])];
}

function notFound(): Response {
  return NextResponse.json({ code: "NOT_FOUND", message: "Not found." }, { status: 404 });
}

function endpointOf(request: Request): string {
  return new URL(request.url).pathname.slice(PREFIX.length).replace(/\/+$/, "");
}

export async function authGet(request: Request): Promise<Response> {
  return allowedEndpoints("GET").includes(endpointOf(request)) ? auth().handler(request) : notFound();
}

/** POSTs arrive here through mutationRoute (same origin, JSON) in app/api/auth/[...all]/route.ts. */
export async function authPost(request: Request): Promise<Response> {
  const endpoint = endpointOf(request);
  if (!allowedEndpoints("POST").includes(endpoint)) return notFound();
  return endpoint === "/sign-in/email" ? signInWithLimits(request) : auth().handler(request);
}

const SignInBody = z.object({ email: z.string().max(320) });
const MAX_SIGN_IN_BYTES = 16 * 1024;

function tooMany(seconds: number, message: string): Response {
  return NextResponse.json({ code: "TOO_MANY_REQUESTS", message }, { status: 429, headers: { "Retry-After": String(seconds) } });
}

/**
 * Email sign-in with the limits of ./sign-in-limit.ts around better-auth: the attempt is admitted (address and
 * back-off) before the password is checked, its outcome recorded after, and a success hands the browser a
 * device cookie for this account.
 */
async function signInWithLimits(request: Request): Promise<Response> {
  const config = env();
  const body = await readCappedBytes(request, MAX_SIGN_IN_BYTES);
  let parsed: z.infer<typeof SignInBody> | null = null;
  try {
    parsed = SignInBody.safeParse(JSON.parse(new TextDecoder().decode(body))).data ?? null;
  } catch {
    parsed = null;
  }
  if (!parsed) return NextResponse.json({ code: "INVALID_INPUT", message: "Send JSON with an email and a password." }, { status: 400 });

  const https = servedOverHttps(config);
  const secret = resolveAuthSecret(config);
  const attempt: SignInAttempt = {
    address: clientAddress(request.headers.get("x-forwarded-for"), trustedProxies(config.FERRY_TRUSTED_PROXIES)),
    email: parsed.email,
    device: deviceOf(secret, parsed.email, cookieValue(request.headers.get("cookie"), deviceCookieName(https))),
  };
  const limits = signInLimits(prisma, config.FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE);
  const hold = await limits.admit(attempt);
  if (hold) return tooMany(hold.seconds, hold.message);

  const response = await auth().handler(new Request(request.url, { method: "POST", headers: request.headers, body }));
  // 401 is better-auth's answer to a wrong email or password; anything else is not a guess.
  if (response.status === 401) await limits.record(attempt, false);
  if (response.ok) {
    await limits.record(attempt, true);
    await limits.prune();
    response.headers.append("Set-Cookie", deviceSetCookie(newDeviceCookieValue(secret, parsed.email), https));
  }
  return response;
}

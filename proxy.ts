import { NextResponse, type NextRequest } from "next/server";
import { baseUrl, servedOverHttps } from "@/lib/config/env";
import { actionRequestRefusal } from "@/lib/http/action-guard";
import { contentSecurityPolicy, newNonce } from "@/lib/http/csp";
import { originOf } from "@/lib/http/same-origin";

/**
 * Runs before every page request (API routes guard themselves in lib/http/route-handler.ts and get their
 * headers from next.config.js; keeping them out of here also spares upload bodies the proxy's copy).
 * - Server actions: refused with a 4xx before Next parses them unless same-origin and well-formed.
 * - A per-request CSP nonce, passed to Next on the request (it tags its scripts) and sent to the browser.
 */
export async function proxy(request: NextRequest) {
  const refusal = await actionRequestRefusal(request, originOf(baseUrl()));
  if (refusal) return NextResponse.json({ ok: false, code: refusal.code, error: refusal.error }, { status: refusal.status });

  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https: servedOverHttps() });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};

import type { z } from "zod";

/** Dates as ISO strings and bigints (audit ids) as strings: the JSON the document describes. */
export function plainJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

/**
 * A JSON answer shaped by the operation's documented response schema: fields the schema does not name are left
 * out (so internals never leak by accident), and an answer that does not fit is a server error found by tests.
 */
export function respond<S extends z.ZodType>(schema: S, data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const body = schema.parse(plainJson(data));
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/** `Link: <…?cursor=next>; rel="next"` (RFC 8288) for a keyset page, keeping the request's other parameters. */
export function nextLink(request: Request, cursorName: string, next: string | null): Record<string, string> {
  if (!next) return {};
  const url = new URL(request.url);
  url.searchParams.set(cursorName, next);
  return { Link: `<${url.pathname}${url.search}>; rel="next"` };
}

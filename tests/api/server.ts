// /api/v1 served over real HTTP from its real route files (app/api/v1/**/route.ts), without building Next: each
// request is matched against the route folders ([param] segments) and handed to the exported method, exactly
// the function Next would call. Tests and the CLI talk to it with fetch; the e2e spec does the same against `npm start`.
import { readdirSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const API_DIR = path.join(ROOT, "app/api/v1");

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string> | undefined> }) => Promise<Response>>;
type Route = { segments: string[]; file: string };

/** Every route file under app/api/v1 with its path segments ("[model]" stays a parameter). */
export function apiRouteFiles(dir = API_DIR, segments: string[] = []): Route[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return apiRouteFiles(full, [...segments, name]);
    return name === "route.ts" ? [{ segments, file: full }] : [];
  });
}

function match(routes: Route[], pathname: string): { route: Route; params: Record<string, string> } | null {
  const parts = pathname.replace(/^\/api\/v1\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  // Static segments win over parameters, as in Next.
  const ranked = [...routes].sort((a, b) => a.segments.filter((s) => s.startsWith("[")).length - b.segments.filter((s) => s.startsWith("[")).length);
  for (const route of ranked) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = route.segments.every((segment, i) => {
      const part = parts[i] ?? "";
      if (segment.startsWith("[")) return (params[segment.slice(1, -1)] = part), true;
      return segment === part;
    });
    if (fits) return { route, params };
  }
  return null;
}

function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  // As Ferry's server does (lib/http/server.ts): the socket is the client.
  headers.set("x-forwarded-for", req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "unknown");
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body, duplex: "half" } as RequestInit);
}

async function answer(req: IncomingMessage, res: ServerResponse, response: Response) {
  const headers = Object.fromEntries(response.headers);
  // A body refused before it was read (413, 401) must not leave its rest on a kept-alive connection.
  if (!req.complete) headers.connection = "close";
  res.writeHead(response.status, headers);
  if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

export type ApiServer = { url: string; close: () => Promise<void> };

export async function startApiServer(): Promise<ApiServer> {
  const routes = apiRouteFiles();
  let base = "";
  const server: Server = createServer((req, res) => {
    void (async () => {
      const found = match(routes, new URL(req.url ?? "/", base).pathname);
      const handler = found ? ((await import(found.route.file)) as RouteModule)[req.method ?? "GET"] : undefined;
      if (!found || !handler) return answer(req, res, new Response("not found", { status: 404 }));
      // As Next does, a route without dynamic segments gets no params at all.
      const params = Object.keys(found.params).length > 0 ? found.params : undefined;
      await answer(req, res, await handler(toRequest(req, base), { params: Promise.resolve(params) }));
    })().catch((error: unknown) => {
      console.error("[api test server]", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

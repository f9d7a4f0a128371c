import { NextResponse } from "next/server";
import type { Actor } from "@/lib/auth/permissions";
import { authorize } from "@/lib/commands/command";
import { toFailure, HTTP_STATUS } from "@/lib/commands/errors";
import { runChangeFeed, type RunChange } from "./run-changes";

/** Open streams per process; past this a browser is told to retry later (its pages keep a slow poll). */
export const MAX_STREAMS = 1_000;
const KEEPALIVE_MS = 25_000;
/** Changes of one run within this window reach a browser once (a sync commits steps and run together). */
const COALESCE_MS = 100;

/**
 * `GET /api/runs/events`: a text/event-stream of `run` events (`{"run": id, "status"?}`) for signed-in users
 * who may read the catalog. Nothing is sent but ids and statuses; the page fetches what it shows through its
 * own routes, with their own checks.
 */
export function runChangeStream(request: Request, actor: Actor | null): Response {
  try {
    authorize(actor, "catalog:read", "runs.events");
  } catch (error) {
    const failure = toFailure(error);
    return NextResponse.json(failure, { status: failure.code === "INTERNAL" ? 500 : HTTP_STATUS[failure.code] });
  }
  const feed = runChangeFeed();
  if (feed.size >= MAX_STREAMS) return new NextResponse("Too many live streams; retry later.", { status: 503, headers: { "Retry-After": "30" } });
  const encoder = new TextEncoder();
  let cleanup: () => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const pending = new Map<string, RunChange>();
      let flushTimer: ReturnType<typeof setTimeout> | null = null;
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const flush = () => {
        flushTimer = null;
        for (const change of pending.values()) send(`event: run\ndata: ${JSON.stringify(change)}\n\n`);
        pending.clear();
      };
      const unsubscribe = feed.subscribe((change) => {
        pending.set(change.run, { ...pending.get(change.run), ...change });
        flushTimer ??= setTimeout(flush, COALESCE_MS);
      });
      const keepalive = setInterval(() => send(": keep-alive\n\n"), KEEPALIVE_MS);
      cleanup = () => {
        clearInterval(keepalive);
        if (flushTimer) clearTimeout(flushTimer);
        unsubscribe();
        cleanup = () => undefined;
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      request.signal.addEventListener("abort", () => cleanup(), { once: true });
      send("retry: 5000\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" },
  });
}

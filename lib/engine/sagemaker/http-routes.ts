import type { IncomingMessage, ServerResponse } from "node:http";
import { open, stat } from "node:fs/promises";
import { DockerfileError } from "../images/dockerfile";
import { imageRegistration } from "../images/registration";
import type { ImageMapping, ImageRegistry } from "../images/registry";
import type { JobStore } from "./job-store";
import type { ProcessingJobService } from "./processing-service";

const LOG_CHUNK = 1024 * 1024;
const BODY_LIMIT = 64 * 1024;

/**
 * The engine's own routes for images and job logs (see lib/engine/images/README.md). Returns false for paths
 * that are not these, so the server can try its other handlers.
 */
export async function handleFerryRoute(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { service: ProcessingJobService; images: ImageRegistry; store: JobStore; ready: Promise<void> },
): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://engine");
  const logMatch = /^\/_ferry\/jobs\/([^/]+)\/log$/.exec(url.pathname);
  if (url.pathname !== "/_ferry/images" && !logMatch) return false;
  await deps.ready;
  if (logMatch) {
    if (req.method !== "GET") return send(res, 405, { message: "Use GET" });
    return sendLog(res, deps, decodeURIComponent(logMatch[1] ?? ""), url.searchParams.get("offset"));
  }
  if (req.method === "GET") return send(res, 200, { images: deps.images.list().map(publicView) });
  if (req.method !== "PUT") return send(res, 405, { message: "Use GET or PUT" });
  const parsed = imageRegistration.safeParse(await readJson(req));
  if (!parsed.success) return send(res, 400, { message: "Invalid image registration", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
  try {
    return send(res, 200, publicView(await deps.images.register(parsed.data)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return send(res, error instanceof DockerfileError ? 422 : 400, { message: `Could not register ${parsed.data.imageUri}: ${message}` });
  }
}

/** The host folder of a build is the engine's business, not the caller's. */
function publicView(mapping: ImageMapping): Exclude<ImageMapping, { kind: "custom" }> | Omit<Extract<ImageMapping, { kind: "custom" }>, "dir"> {
  if (mapping.kind === "framework") return mapping;
  return { imageUri: mapping.imageUri, kind: mapping.kind, python: mapping.python, source: mapping.source, config: mapping.config, registeredAt: mapping.registeredAt };
}

async function sendLog(res: ServerResponse, deps: { service: ProcessingJobService; store: JobStore }, name: string, offsetParam: string | null): Promise<boolean> {
  const record = await deps.service.find(name);
  if (!record) return send(res, 404, { message: `Could not find requested job with name ${name}` });
  const offset = Math.max(0, Number.parseInt(offsetParam ?? "0", 10) || 0);
  const size = (await stat(deps.store.logPath(name)).catch(() => undefined))?.size ?? 0;
  let text = Buffer.alloc(0);
  if (offset < size) {
    const file = await open(deps.store.logPath(name));
    try {
      const buffer = Buffer.alloc(Math.min(LOG_CHUNK, size - offset));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
      text = buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }
  res.writeHead(200, {
    "content-type": "text/plain; charset=utf-8",
    "x-ferry-next-offset": String(offset + text.length),
    "x-ferry-job-status": record.status,
  });
  res.end(text);
  return true;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = "";
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > BODY_LIMIT) return undefined;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
  return true;
}

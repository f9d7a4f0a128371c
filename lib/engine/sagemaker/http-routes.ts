import type { IncomingMessage, ServerResponse } from "node:http";
import { open, stat } from "node:fs/promises";
import { AwsError } from "../errors";
import { readBody } from "../http/body";
import { DockerfileError } from "../images/dockerfile";
import { InterpreterNotAllowed } from "../images/interpreters";
import { imageRegistration } from "../images/registration";
import { ImageRegistrationError, type ImageRegistry } from "../images/registry";
import type { JobStore } from "./job-store";
import type { ProcessingJobService } from "./processing-service";

const LOG_CHUNK = 1024 * 1024;
const BODY_LIMIT = 64 * 1024;

type Deps = { service: ProcessingJobService; images: ImageRegistry; store: JobStore; ready: Promise<void> };

/**
 * The engine's own routes for images, interpreters and job logs (see lib/engine/images/README.md); the
 * server has checked the caller's signature. Returns false for paths that are not these.
 */
export async function handleFerryRoute(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://engine");
  const logMatch = /^\/_ferry\/jobs\/([^/]+)\/log$/.exec(url.pathname);
  if (url.pathname !== "/_ferry/images" && url.pathname !== "/_ferry/interpreters" && !logMatch) return false;
  await deps.ready;
  if (logMatch) {
    if (req.method !== "GET") return send(res, 405, { message: "Use GET" });
    return sendLog(res, deps, decodeURIComponent(logMatch[1] ?? ""), url.searchParams.get("offset"));
  }
  if (url.pathname === "/_ferry/interpreters") {
    if (req.method !== "GET") return send(res, 405, { message: "Use GET" });
    return send(res, 200, { interpreters: deps.images.interpreterNames() });
  }
  if (req.method === "GET") return send(res, 200, { images: deps.images.list() });
  if (req.method !== "PUT") return send(res, 405, { message: "Use GET or PUT" });
  return registerImage(req, res, deps.images);
}

async function registerImage(req: IncomingMessage, res: ServerResponse, images: ImageRegistry): Promise<true> {
  const parsed = imageRegistration.safeParse(await readJson(req));
  if (!parsed.success) return send(res, 400, { message: "Invalid image registration", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
  try {
    return send(res, 200, await images.register(parsed.data));
  } catch (error) {
    const status = registrationStatus(error);
    if (status === 500) console.error("[engine] image registration failed", error);
    const reason = status === 500 ? "the engine failed to build it (see its log)" : (error as Error).message;
    return send(res, status, { message: `Could not register ${parsed.data.imageUri}: ${reason}` });
  }
}

/** 422: a Dockerfile or context the engine cannot reproduce; 400: the request names something it cannot use. */
function registrationStatus(error: unknown): number {
  if (error instanceof DockerfileError) return 422;
  if (error instanceof InterpreterNotAllowed || error instanceof ImageRegistrationError || error instanceof AwsError) return 400;
  return 500;
}

async function sendLog(res: ServerResponse, deps: Deps, name: string, offsetParam: string | null): Promise<boolean> {
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
  try {
    return JSON.parse((await readBody(req, BODY_LIMIT)).toString("utf8"));
  } catch (error) {
    // A body whose hash does not match its signature is the server's to answer, in the signature's terms.
    if (error instanceof AwsError && error.code !== "RequestEntityTooLarge") throw error;
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
  return true;
}

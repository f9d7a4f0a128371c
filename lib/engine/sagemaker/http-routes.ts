import type { IncomingMessage, ServerResponse } from "node:http";
import { AwsError } from "../errors";
import { readBody } from "../http/body";
import { DockerfileError } from "../images/dockerfile";
import { InterpreterNotAllowed } from "../images/interpreters";
import { imageRegistration } from "../images/registration";
import { ImageRegistrationError, type ImageRegistry } from "../images/registry";

const BODY_LIMIT = 64 * 1024;

type Deps = { images: ImageRegistry; ready: Promise<void> };

/**
 * The engine's own routes for images and interpreters (see lib/engine/images/README.md); the server has
 * checked the caller's signature. Returns false for paths that are not these. Job logs are CloudWatch Logs'.
 */
export async function handleFerryRoute(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://engine");
  if (url.pathname !== "/_ferry/images" && url.pathname !== "/_ferry/interpreters") return false;
  await deps.ready;
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

import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { AuthError } from "../auth/auth-error";
import type { CredentialStore } from "../auth/credential-store";
import { isLoopbackHost } from "../auth/host";
import { type SigningProfile, verifySignature } from "../auth/sigv4";
import { AwsError } from "../errors";
import type { S3Handler } from "../s3/handler";
import type { SqsHandler, SqsProtocol } from "../sqs/http";
import { isSqsQuery } from "../sqs/route";
import { readBody } from "./body";
import { EngineRequest } from "./engine-request";
import { type JsonService, MAX_JSON_BODY, sendJsonError, serveJson } from "./json-protocol";
import { splitTarget } from "./raw-url";

export interface EngineRoutes {
  stepFunctions: JsonService;
  sageMaker: JsonService;
  /** The engine's own routes under /_ferry/ (images, interpreters, job logs); false when none matches. */
  ferry(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  s3: S3Handler;
  /** SQS (both its protocols) and EventBridge: status events (lib/engine/sqs, lib/engine/events). */
  sqs: SqsHandler;
  events: JsonService;
}

/** Who may call: requests must be signed (SigV4) with a key from `store`, for the engine's region. */
export interface EngineGuard {
  store: CredentialStore;
  region: string;
}

const PROFILES = {
  states: { service: "states", uriEscapePath: true, presigned: false, payload: "body" },
  sagemaker: { service: "sagemaker", uriEscapePath: true, presigned: false, payload: "body" },
  s3: { service: "s3", uriEscapePath: false, presigned: true, payload: "header-or-unsigned" },
  ferry: { service: "ferry", uriEscapePath: false, presigned: false, payload: "header" },
  sqs: { service: "sqs", uriEscapePath: true, presigned: false, payload: "body" },
  events: { service: "events", uriEscapePath: true, presigned: false, payload: "body" },
} satisfies Record<string, SigningProfile>;

type Route =
  | { kind: "json"; service: JsonService; operation: string; contentType: string; profile: SigningProfile }
  | { kind: "sqs"; protocol: SqsProtocol; operation?: string }
  | { kind: "ferry" }
  | { kind: "s3" };

/**
 * One listener for all three services, told apart the way AWS's endpoints would be: JSON protocols by
 * their X-Amz-Target prefix, engine-only routes under /_ferry/, everything else is S3 REST. Every request
 * must name a loopback host and carry a valid signature made with the engine's credentials; a refusal is
 * answered in the shape of the service addressed.
 */
export function createEngineServer(routes: EngineRoutes, guard: EngineGuard): Server {
  return createServer({ IncomingMessage: EngineRequest }, (req, res) => {
    // Nothing the engine serves is a page: a browser must neither sniff a script out of an object nor run one.
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
    void dispatch(routes, guard, req, res).catch((error: unknown) => {
      console.error("[engine] request failed", error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
}

async function dispatch(routes: EngineRoutes, guard: EngineGuard, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = routeOf(routes, req);
  try {
    refuseForeignHost(req);
    if (route.kind === "json") {
      const body = await readBody(req, MAX_JSON_BODY);
      await authenticate(req, guard, route.profile, createHash("sha256").update(body).digest("hex"));
      return await serveJson(res, route.service, route.operation, route.contentType, body);
    }
    if (route.kind === "sqs") {
      const body = await readBody(req, MAX_JSON_BODY);
      await authenticate(req, guard, PROFILES.sqs, createHash("sha256").update(body).digest("hex"));
      return await routes.sqs.serve(req, res, route.protocol, route.operation, body);
    }
    if (route.kind === "ferry") {
      await authenticate(req, guard, PROFILES.ferry);
      if (!(await routes.ferry(req, res))) sendJsonError(res, "application/json", new AwsError("NotFound", `No engine route ${req.method} ${splitTarget(req.url ?? "/").path}`, 404));
      return;
    }
    await authenticate(req, guard, PROFILES.s3);
    return await routes.s3.handle(req, res);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    refuse(routes, route, req, res, error);
  }
}

function routeOf(routes: EngineRoutes, req: IncomingMessage): Route {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string" && req.method === "POST") {
    const [prefix, operation] = target.split(".", 2);
    if (prefix === "AWSStepFunctions" && operation) {
      return { kind: "json", service: routes.stepFunctions, operation, contentType: "application/x-amz-json-1.0", profile: PROFILES.states };
    }
    if (prefix === "SageMaker" && operation) {
      return { kind: "json", service: routes.sageMaker, operation, contentType: "application/x-amz-json-1.1", profile: PROFILES.sagemaker };
    }
    if (prefix === "AmazonSQS" && operation) return { kind: "sqs", protocol: "json", operation };
    if (prefix === "AWSEvents" && operation) {
      return { kind: "json", service: routes.events, operation, contentType: "application/x-amz-json-1.1", profile: PROFILES.events };
    }
  }
  if (isSqsQuery(req)) return { kind: "sqs", protocol: "query" };
  return req.url?.startsWith("/_ferry/") ? { kind: "ferry" } : { kind: "s3" };
}

/** DNS rebinding: a page's own host name pointed at 127.0.0.1 still shows in Host (or an absolute request target). */
function refuseForeignHost(req: IncomingMessage): void {
  if (isLoopbackHost(req.headers.host) && req.url?.startsWith("/")) return;
  throw new AuthError("foreign-host", `The embedded engine answers only requests addressed to localhost, 127.0.0.1 or [::1], not '${String(req.headers.host ?? "")}'.`);
}

function authenticate(req: IncomingMessage, guard: EngineGuard, profile: SigningProfile, bodySha256?: string): Promise<unknown> {
  const { path, rawQuery } = splitTarget(req.url ?? "/");
  return verifySignature({ method: req.method ?? "GET", rawPath: path, rawQuery, headers: req.headers, bodySha256 }, profile, guard);
}

function refuse(routes: EngineRoutes, route: Route, req: IncomingMessage, res: ServerResponse, error: AwsError): void {
  if (route.kind === "s3") return routes.s3.sendError(req, res, error);
  if (route.kind === "sqs") {
    routes.sqs.sendError(res, route.protocol, error instanceof AuthError ? error.forJson() : error);
    return void req.resume();
  }
  const shaped = error instanceof AuthError ? error.forJson() : error;
  sendJsonError(res, route.kind === "json" ? route.contentType : "application/json", shaped);
  // An unread body must not hold the connection.
  req.resume();
}

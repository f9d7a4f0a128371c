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
import { MAX_QUERY_BODY, type QueryService, sendQueryError, serveQuery } from "./query-protocol";
import { splitTarget } from "./raw-url";

export interface EngineRoutes {
  stepFunctions: JsonService;
  sageMaker: JsonService;
  logs: JsonService;
  ecr: JsonService;
  codeBuild: JsonService;
  secretsManager: JsonService;
  sts: QueryService;
  /** The engine's own routes under /_ferry/ (image registry, interpreters); false when none matches. */
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

const signedBody = (service: string): SigningProfile => ({ service, uriEscapePath: true, presigned: false, payload: "body" });
const PROFILES = {
  s3: { service: "s3", uriEscapePath: false, presigned: true, payload: "header-or-unsigned" },
  sts: signedBody("sts"),
  ferry: { service: "ferry", uriEscapePath: false, presigned: false, payload: "header" },
  sqs: signedBody("sqs"),
} satisfies Record<string, SigningProfile>;

const JSON_1_0 = "application/x-amz-json-1.0";
const JSON_1_1 = "application/x-amz-json-1.1";

/** The JSON services by their X-Amz-Target prefix: which route serves them, their content type and signing name. */
const JSON_TARGETS: Record<string, { route: "stepFunctions" | "sageMaker" | "logs" | "ecr" | "codeBuild" | "secretsManager" | "events"; contentType: string; profile: SigningProfile }> = {
  AWSStepFunctions: { route: "stepFunctions", contentType: JSON_1_0, profile: signedBody("states") },
  SageMaker: { route: "sageMaker", contentType: JSON_1_1, profile: signedBody("sagemaker") },
  Logs_20140328: { route: "logs", contentType: JSON_1_1, profile: signedBody("logs") },
  AmazonEC2ContainerRegistry_V20150921: { route: "ecr", contentType: JSON_1_1, profile: signedBody("ecr") },
  CodeBuild_20161006: { route: "codeBuild", contentType: JSON_1_1, profile: signedBody("codebuild") },
  secretsmanager: { route: "secretsManager", contentType: JSON_1_1, profile: signedBody("secretsmanager") },
  AWSEvents: { route: "events", contentType: JSON_1_1, profile: signedBody("events") },
};

type Route =
  | { kind: "json"; service: JsonService; operation: string; contentType: string; profile: SigningProfile }
  | { kind: "sqs"; protocol: SqsProtocol; operation?: string }
  | { kind: "query"; service: QueryService }
  | { kind: "ferry" }
  | { kind: "s3" };

/**
 * One listener for every service, told apart the way AWS's endpoints would be: JSON protocols by their
 * X-Amz-Target prefix, SQS's query protocol by its signing scope, STS by its form-encoded POST to `/`,
 * engine-only routes under /_ferry/, everything else is S3 REST. Every request must name a loopback host and
 * carry a valid signature made with the engine's credentials or temporary ones from its STS; a refusal is
 * answered in the shape of the service (and protocol) addressed.
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
    if (route.kind === "query") {
      const body = await readBody(req, MAX_QUERY_BODY);
      const caller = await authenticate(req, guard, PROFILES.sts, createHash("sha256").update(body).digest("hex"));
      return await serveQuery(res, route.service, body, caller.accessKeyId);
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
    if (prefix === "AmazonSQS" && operation) return { kind: "sqs", protocol: "json", operation };
    const json = prefix ? JSON_TARGETS[prefix] : undefined;
    if (json && operation) return { kind: "json", service: routes[json.route], operation, contentType: json.contentType, profile: json.profile };
  }
  // SQS's query protocol posts forms too (to / or to a queue's URL): its signing scope tells it from STS's.
  if (isSqsQuery(req)) return { kind: "sqs", protocol: "query" };
  // S3 has no POST to the root: any other form posted there is the query protocol's (STS).
  if (req.method === "POST" && req.url === "/" && String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    return { kind: "query", service: routes.sts };
  }
  return req.url?.startsWith("/_ferry/") ? { kind: "ferry" } : { kind: "s3" };
}

/** DNS rebinding: a page's own host name pointed at 127.0.0.1 still shows in Host (or an absolute request target). */
function refuseForeignHost(req: IncomingMessage): void {
  if (isLoopbackHost(req.headers.host) && req.url?.startsWith("/")) return;
  throw new AuthError("foreign-host", `The embedded engine answers only requests addressed to localhost, 127.0.0.1 or [::1], not '${String(req.headers.host ?? "")}'.`);
}

function authenticate(req: IncomingMessage, guard: EngineGuard, profile: SigningProfile, bodySha256?: string): Promise<{ accessKeyId: string }> {
  const { path, rawQuery } = splitTarget(req.url ?? "/");
  return verifySignature({ method: req.method ?? "GET", rawPath: path, rawQuery, headers: req.headers, bodySha256 }, profile, guard);
}

function refuse(routes: EngineRoutes, route: Route, req: IncomingMessage, res: ServerResponse, error: AwsError): void {
  if (route.kind === "s3") return routes.s3.sendError(req, res, error);
  if (route.kind === "sqs") {
    const shaped = error instanceof AuthError ? (route.protocol === "query" ? error.forQuery() : error.forJson()) : error;
    routes.sqs.sendError(res, route.protocol, shaped);
  } else if (route.kind === "query") sendQueryError(res, route.service.namespace, error instanceof AuthError ? error.forQuery() : error);
  else sendJsonError(res, route.kind === "json" ? route.contentType : "application/json", error instanceof AuthError ? error.forJson() : error);
  // An unread body must not hold the connection.
  req.resume();
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { S3Handler } from "../s3/handler";
import { type JsonService, serveJson } from "./json-protocol";

export interface EngineRoutes {
  stepFunctions: JsonService;
  sageMaker: JsonService & { handleHttp?(req: IncomingMessage, res: ServerResponse): Promise<boolean> };
  s3: S3Handler;
}

/**
 * One listener for all three services, told apart the way AWS's endpoints would be: JSON protocols by
 * their X-Amz-Target prefix, engine-only routes under /_ferry/, everything else is S3 REST.
 * Signatures are accepted without checking: the engine listens on loopback only.
 */
export function createEngineServer(routes: EngineRoutes): Server {
  return createServer((req, res) => {
    void dispatch(routes, req, res).catch((error: unknown) => {
      console.error("[engine] request failed", error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
}

async function dispatch(routes: EngineRoutes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string" && req.method === "POST") {
    const [prefix, operation] = target.split(".", 2);
    if (prefix === "AWSStepFunctions" && operation) {
      return serveJson(req, res, routes.stepFunctions, operation, "application/x-amz-json-1.0");
    }
    if (prefix === "SageMaker" && operation) {
      return serveJson(req, res, routes.sageMaker, operation, "application/x-amz-json-1.1");
    }
  }
  if (req.url?.startsWith("/_ferry/") && routes.sageMaker.handleHttp && (await routes.sageMaker.handleHttp(req, res))) {
    return;
  }
  return routes.s3.handle(req, res);
}

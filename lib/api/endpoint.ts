import type { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { ApiCaller } from "./caller";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type EndpointContext = {
  db: PrismaClient;
  request: Request;
  caller: ApiCaller;
  /** The path's parameters, as strings (the commands and queries parse them). */
  params: Record<string, string>;
  /** The query string, one value per name (the last one wins). */
  query: Record<string, string>;
};

export type ResponseSpec = { description: string; schema?: z.ZodType; contentType?: string; headers?: Record<string, string> };

/**
 * One operation of /api/v1: what the OpenAPI document says about it (lib/api/openapi.ts) and what it does, in one
 * place. Route files export `apiRoute(endpoint)` (lib/api/route.ts), so a route and its documentation
 * cannot be two things; tests/api/contract.integration.test.ts checks files, methods and responses against the
 * document.
 */
export type Endpoint = {
  method: HttpMethod;
  /** The path below /api/v1 in OpenAPI's form: /models/{model}. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** No caller needed (the OpenAPI document). */
  public?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the operation reads (Idempotency-Key, If-Match). */
  headers?: z.ZodObject;
  body?: { mediaType: "application/json" | "multipart/form-data"; schema: z.ZodType };
  responses: Record<number, ResponseSpec>;
  handle: (ctx: EndpointContext) => Promise<Response>;
};

export function defineEndpoint(endpoint: Endpoint): Endpoint {
  return endpoint;
}

export const isMutating = (method: string) => method !== "GET" && method !== "HEAD";

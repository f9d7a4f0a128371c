import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import type { Endpoint } from "./endpoint";
import { PROBLEM_TYPES } from "./problem";

export const API_PREFIX = "/api/v1";

function operationOf(endpoint: Endpoint): ZodOpenApiOperationObject {
  const responses = Object.fromEntries(
    Object.entries(endpoint.responses).map(([status, spec]) => [
      status,
      { description: spec.description, ...(spec.schema ? { content: { [spec.contentType ?? "application/json"]: { schema: spec.schema } } } : {}) },
    ]),
  );
  return {
    operationId: endpoint.operationId,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    ...(endpoint.public ? { security: [] } : {}),
    requestParams: { ...(endpoint.params ? { path: endpoint.params } : {}), ...(endpoint.query ? { query: endpoint.query } : {}), ...(endpoint.headers ? { header: endpoint.headers } : {}) },
    ...(endpoint.body ? { requestBody: { required: true, content: { [endpoint.body.mediaType]: { schema: endpoint.body.schema } } } } : {}),
    responses,
  };
}

const DESCRIPTION = `Ferry's REST API: the same commands, checks and audit trail as the web app.

Authenticate with a personal access token (Profile → Tokens): \`Authorization: Bearer ferry_pat_…\`. A signed-in
browser may read (GET) with its cookie; changes always need a token. Errors are problem details (RFC 9457,
\`application/problem+json\`) whose \`errors\` name each refused field. Lists are keyset pages: \`next\` in the body
and a \`Link: <…>; rel="next"\` header. Each token has a rate limit per minute, announced in the \`RateLimit-Policy\`
and \`RateLimit\` headers; over it, 429 with \`Retry-After\`.

Problem types: ${Object.values(PROBLEM_TYPES).map((p) => `\`${p.slug}\``).join(", ")}.`;

/** The OpenAPI 3.1 document of these operations (lib/api/registry.ts holds them all), built from their zod schemas. */
export function buildOpenApiDocument(endpoints: readonly Endpoint[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const endpoint of endpoints) {
    const path = `${API_PREFIX}${endpoint.path}`;
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operationOf(endpoint) };
  }
  return createDocument({
    openapi: "3.1.0",
    info: { title: "Ferry API", version: "1", description: DESCRIPTION },
    security: [{ token: [] }],
    components: { securitySchemes: { token: { type: "http", scheme: "bearer", description: "A personal access token, ferry_pat_…" } } },
    paths,
  });
}

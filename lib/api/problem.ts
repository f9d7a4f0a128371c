import { z } from "zod";
import { HTTP_STATUS, toFailure, type AppErrorCode } from "@/lib/commands/errors";

/**
 * Errors of /api/v1 as RFC 9457 problem details (application/problem+json). `type` is a reference into the API
 * browser's list of problems (/api-docs#problems), `errors` names each field a command refused.
 */
export const PROBLEM_MEDIA_TYPE = "application/problem+json";

/** The API's own refusals beside the commands' (lib/commands/errors.ts): conditional requests and idempotency keys. */
export type ApiProblemCode = "PRECONDITION_FAILED" | "PRECONDITION_REQUIRED" | "IDEMPOTENCY_KEY_REUSED" | "IDEMPOTENCY_KEY_IN_USE";
type ProblemCode = AppErrorCode | ApiProblemCode | "INTERNAL";

export class ApiProblem extends Error {
  constructor(
    readonly code: ApiProblemCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "ApiProblem";
  }
}

const API_STATUS: Record<ApiProblemCode, number> = {
  PRECONDITION_FAILED: 412,
  PRECONDITION_REQUIRED: 428,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_IN_USE: 409,
};

/** Title and documentation anchor of each problem type, shown by the API browser too. */
export const PROBLEM_TYPES: Record<ProblemCode, { title: string; slug: string }> = {
  INVALID_INPUT: { title: "The request is not valid", slug: "invalid-input" },
  UNAUTHENTICATED: { title: "Authentication required", slug: "unauthenticated" },
  FORBIDDEN: { title: "Not allowed", slug: "forbidden" },
  NOT_FOUND: { title: "Not found", slug: "not-found" },
  CONFLICT: { title: "Conflict with the current state", slug: "conflict" },
  TOO_LARGE: { title: "Request body too large", slug: "too-large" },
  UNSUPPORTED_MEDIA_TYPE: { title: "Unsupported media type", slug: "unsupported-media-type" },
  TOO_MANY_REQUESTS: { title: "Too many requests", slug: "too-many-requests" },
  PRECONDITION_FAILED: { title: "The resource changed since you read it", slug: "precondition-failed" },
  PRECONDITION_REQUIRED: { title: "A precondition is required", slug: "precondition-required" },
  IDEMPOTENCY_KEY_REUSED: { title: "Idempotency key used for another request", slug: "idempotency-key-reused" },
  IDEMPOTENCY_KEY_IN_USE: { title: "A request with this idempotency key is in progress", slug: "idempotency-key-in-use" },
  INTERNAL: { title: "Internal error", slug: "internal" },
};

export const FieldProblem = z.object({ field: z.string(), pointer: z.string(), detail: z.string() });

export const Problem = z
  .object({
    type: z.string().meta({ description: "A reference to this problem type's description in the API browser" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: "Ferry's name for the problem, e.g. INVALID_INPUT" }),
    errors: z.array(FieldProblem).optional().meta({ description: "Each refused field (dotted path) with what was wrong" }),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof Problem>;

function problemOf(code: ProblemCode, status: number, detail: string, fieldErrors?: Record<string, string[]>): Problem {
  const { title, slug } = PROBLEM_TYPES[code];
  const errors = fieldErrors
    ? Object.entries(fieldErrors).flatMap(([field, messages]) => messages.map((message) => ({ field, pointer: `#/${field.replaceAll(".", "/")}`, detail: message })))
    : undefined;
  return { type: `/api-docs#problem-${slug}`, title, status, detail, code, ...(errors?.length ? { errors } : {}) };
}

/** Any error as a problem: Ferry's user message, never an internal one (toFailure logs and hides those). */
export function toProblem(error: unknown): Problem {
  if (error instanceof ApiProblem) return problemOf(error.code, API_STATUS[error.code], error.detail);
  const failure = toFailure(error);
  const status = failure.code === "INTERNAL" ? 500 : HTTP_STATUS[failure.code];
  return problemOf(failure.code, status, failure.error, failure.fieldErrors);
}

export function problemResponse(problem: Problem, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(problem), { status: problem.status, headers: { ...Object.fromEntries(new Headers(headers)), "Content-Type": PROBLEM_MEDIA_TYPE, "Cache-Control": "no-store" } });
}

import { Prisma } from "@/generated/prisma/client";

/**
 * An error with two messages: `message` for logs, `userMessage` safe to show. Anything that is not an
 * AppError reaches users as a generic message (see toFailure) so internals never leak.
 */
export type AppErrorCode =
  | "INVALID_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  // The HTTP layer's refusals (lib/http): a body too large, of a type the route does not take, or too frequent.
  | "TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "TOO_MANY_REQUESTS";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly userMessage: string,
    readonly fieldErrors?: FieldErrors,
    internalMessage?: string,
  ) {
    super(internalMessage ?? userMessage);
    this.name = "AppError";
  }
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  INVALID_INPUT: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
};

export type Failure = { ok: false; code: AppErrorCode | "INTERNAL"; error: string; fieldErrors?: FieldErrors };
export type Success<T> = { ok: true; data: T };
export type Result<T> = Success<T> | Failure;

/**
 * Prisma's codes for a value the database cannot take (too long, out of range, malformed for its column, a
 * NUL in text). They mean the input slipped past its schema: the caller gets a 4xx, the log keeps the detail.
 */
const UNSTORABLE_VALUE_CODES = new Set(["P2000", "P2006", "P2007", "P2009", "P2012", "P2019", "P2020", "P2023", "P2033"]);

function unstorableValue(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && UNSTORABLE_VALUE_CODES.has(error.code);
}

export function toFailure(error: unknown): Failure {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, error: error.userMessage, fieldErrors: error.fieldErrors };
  }
  if (unstorableValue(error)) {
    console.warn("[ferry] input the database refused", error);
    return { ok: false, code: "INVALID_INPUT", error: "A value in the request is out of range or malformed." };
  }
  console.error("[ferry] unexpected error", error);
  return { ok: false, code: "INTERNAL", error: "Something went wrong on our side. It has been logged; please try again." };
}

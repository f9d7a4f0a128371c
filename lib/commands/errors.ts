/**
 * An error with two messages: `message` for logs, `userMessage` safe to show. Anything that is not an
 * AppError reaches users as a generic message (see toFailure) so internals never leak.
 */
export type AppErrorCode = "INVALID_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

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
};

export type Failure = { ok: false; code: AppErrorCode | "INTERNAL"; error: string; fieldErrors?: FieldErrors };
export type Success<T> = { ok: true; data: T };
export type Result<T> = Success<T> | Failure;

export function toFailure(error: unknown): Failure {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, error: error.userMessage, fieldErrors: error.fieldErrors };
  }
  console.error("[ferry] unexpected error", error);
  return { ok: false, code: "INTERNAL", error: "Something went wrong on our side. It has been logged; please try again." };
}

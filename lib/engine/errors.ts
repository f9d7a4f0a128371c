import type { z } from "zod";
/**
 * An error the engine returns to its caller in AWS's own shape, so the AWS SDK raises its typed
 * exception (e.g. `ExecutionAlreadyExists`, `ResourceNotFound`, `NoSuchKey`).
 */
export class AwsError extends Error {
  constructor(
    /** AWS's error code, exactly as the service names it (`__type` in JSON protocols, `<Code>` in S3). */
    readonly code: string,
    message: string,
    /** HTTP status AWS uses for this error. */
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * A request parsed with the engine's own schema for an operation, or refused with the service's error `code`:
 * members the engine cannot honour are named (refused rather than silently ignored), other problems described.
 */
export function parseOrRefuse<T>(schema: z.ZodType<T>, body: unknown, operation: string, code: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const unknown = parsed.error.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys : []));
  if (unknown.length > 0) throw new AwsError(code, `The embedded engine does not support ${unknown.join(", ")} in ${operation}.`);
  throw new AwsError(code, `Invalid ${operation} request: ${parsed.error.issues[0]?.message ?? "malformed"}`);
}

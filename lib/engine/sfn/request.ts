import { AwsError } from "../errors";

export type Body = Record<string, unknown>;

export function asBody(value: unknown): Body {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new AwsError("SerializationException", "Request body must be a JSON object");
  }
  return value as Body;
}

export function requiredString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value.length === 0) {
    throw new AwsError("ValidationException", `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

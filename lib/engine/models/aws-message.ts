import type { Mismatch, Violation } from "./check-request";

/**
 * AWS's ValidationException text: `2 validation errors detected: Value 'x' at 'processingJobName' failed to
 * satisfy constraint: Member must ...; Value null at 'roleArn' failed to satisfy constraint: Member must not be null`.
 * Values print as Java prints them (lists `[a, b]`, maps `{k=v}`); sensitive values are left out.
 */
export function validationMessage(violations: readonly Violation[]): string {
  const parts = violations.map((v) => `Value ${v.sensitive ? "" : `${shown(v.value)} `}at '${v.path}' failed to satisfy constraint: ${v.constraint}`);
  const count = parts.length === 1 ? "1 validation error" : `${parts.length} validation errors`;
  return `${count} detected: ${parts.join("; ")}`;
}

export function serializationMessage(mismatches: readonly Mismatch[]): string {
  return mismatches.map((m) => `Cannot read '${m.path || "the request"}': expected a ${m.expected} value`).join("; ");
}

/** Long values are cut: a message is for a person, and AWS's own messages stay short. */
const SHOWN_LIMIT = 512;

function shown(value: unknown): string {
  if (value === null || value === undefined) return "null";
  const text = javaText(value);
  return `'${text.length > SHOWN_LIMIT ? `${text.slice(0, SHOWN_LIMIT)}...` : text}'`;
}

function javaText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaText).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${javaText(v)}`).join(", ")}}`;
  }
  return String(value);
}

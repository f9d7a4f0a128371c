import type { z } from "zod";

/**
 * Formats schema issues the way SageMaker words its ValidationException:
 * `2 validation errors detected: Value 'x' at 'processingJobName' failed to satisfy constraint: Member must ...; ...`
 * Member paths are lower camel case and list items are `<1-based index>.member`, as in AWS's messages.
 */
export function awsValidationMessage(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.map((issue) => `Value ${showValue(issue.input)} at '${memberPath(issue.path)}' failed to satisfy constraint: ${constraint(issue)}`);
  const count = parts.length === 1 ? "1 validation error" : `${parts.length} validation errors`;
  return `${count} detected: ${parts.join("; ")}`;
}

function memberPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => (typeof segment === "number" ? `${segment + 1}.member` : lowerFirst(String(segment))))
    .join(".");
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function showValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return `'${value.length > 100 ? `${value.slice(0, 100)}...` : value}'`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const json = JSON.stringify(value) ?? "null";
  return json.length > 100 ? `${json.slice(0, 100)}...` : json;
}

function constraint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "Member must not be null" : `Member must be of type ${issue.expected}`;
    case "too_small":
      return issue.origin === "number" || issue.origin === "int"
        ? `Member must have value greater than or equal to ${issue.minimum}`
        : `Member must have length greater than or equal to ${issue.minimum}`;
    case "too_big":
      return issue.origin === "number" || issue.origin === "int"
        ? `Member must have value less than or equal to ${issue.maximum}`
        : `Member must have length less than or equal to ${issue.maximum}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue && typeof issue.pattern === "string"
        ? `Member must satisfy regular expression pattern: ${issue.pattern.replace(/^\/|\/u?$/g, "")}`
        : `Member must be a valid ${issue.format}`;
    case "invalid_value":
      return `Member must satisfy enum value set: [${issue.values.map(String).join(", ")}]`;
    case "invalid_key":
      return `Map keys must satisfy constraint: [${issue.issues.map(constraint).join(", ")}]`;
    default:
      return `Member ${issue.message}`;
  }
}

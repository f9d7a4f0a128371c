import aslValidator from "asl-validator";
import { AwsError } from "../errors";

/** Step Functions' payload limit for execution input, state output and execution output. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

// Whitespace, brackets, wildcards, the listed punctuation and control characters are refused by AWS.
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export function assertName(name: unknown): string {
  if (typeof name !== "string" || name.length < 1 || name.length > 80 || FORBIDDEN_NAME_CHARACTERS.test(name)) {
    throw new AwsError("InvalidName", `Invalid Name: '${String(name)}'`);
  }
  return name;
}

export interface Diagnostic {
  severity: "ERROR";
  code: string;
  message: string;
  location?: string;
}

export function diagnose(definition: string): Diagnostic[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch (error) {
    return [{ severity: "ERROR", code: "INVALID_JSON_DESCRIPTION", message: (error as Error).message }];
  }
  let result: ReturnType<typeof aslValidator>;
  try {
    result = aslValidator(parsed, { checkArn: true, checkPaths: true });
  } catch (error) {
    // asl-validator throws on some valid definitions (e.g. a state named "Branches"); AWS accepts them, so
    // a crash of the validator is not held against the definition.
    console.warn("[engine] asl-validator failed; accepting the definition", error);
    return [];
  }
  return result.errors.map((error) => ({
    severity: "ERROR",
    code: error["Error code"],
    message: error.Message,
    ...(error.Location ? { location: error.Location } : {}),
  }));
}

export function assertDefinition(definition: unknown): string {
  if (typeof definition !== "string" || definition.length === 0) {
    throw new AwsError("ValidationException", "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must not be null");
  }
  const problems = diagnose(definition);
  if (problems.length > 0) {
    const text = problems.map((p) => `${p.code}: ${p.message}`).join(", ");
    throw new AwsError("InvalidDefinition", `Invalid State Machine Definition: '${text}'`);
  }
  return definition;
}

export function assertExecutionInput(input: unknown): string {
  const text = input === undefined || input === null ? "{}" : input;
  if (typeof text !== "string") throw new AwsError("InvalidExecutionInput", "Invalid execution input: not a string");
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw new AwsError(
      "ValidationException",
      `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES}`,
    );
  }
  try {
    JSON.parse(text);
  } catch {
    throw new AwsError("InvalidExecutionInput", "Invalid State Machine Execution Input: 'Make sure input is a valid JSON.'");
  }
  return text;
}

export function optionalString(value: unknown, field: string, max = Infinity): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new AwsError("ValidationException", `Value at '${field}' must be a string`);
  if (value.length > max) {
    throw new AwsError("ValidationException", `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  return value;
}

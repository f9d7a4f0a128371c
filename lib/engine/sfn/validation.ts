import aslValidator from "asl-validator";
import type { StateMachineDefinition } from "aws-local-stepfunctions";
import { AwsError } from "../errors";
import { forEachState } from "./definition";

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
  const problems: Diagnostic[] = result.errors.map((error) => ({
    severity: "ERROR",
    code: error["Error code"],
    message: error.Message,
    ...(error.Location ? { location: error.Location } : {}),
  }));
  return problems.length > 0 ? problems : wildcardProblems(parsed as StateMachineDefinition);
}

const WILDCARD = "States.ALL";

/**
 * The ASL rule asl-validator does not check: in a Retry or Catch list, `States.ALL` must be the only error of
 * its retrier or catcher, and that one must be the last (AWS refuses the definition otherwise).
 */
function wildcardProblems(definition: StateMachineDefinition): Diagnostic[] {
  const problems: Diagnostic[] = [];
  forEachState(definition, (_name, state, location) => {
    for (const field of ["Retry", "Catch"] as const) {
      const list: unknown = field in state ? Reflect.get(state, field) : undefined;
      if (!Array.isArray(list)) continue;
      list.forEach((entry: { ErrorEquals?: unknown }, index) => {
        const errors = Array.isArray(entry.ErrorEquals) ? entry.ErrorEquals : [];
        if (errors.includes(WILDCARD) && (errors.length > 1 || index !== list.length - 1)) {
          const at = `${location}/${field}/${index}/ErrorEquals`;
          const kind = field === "Retry" ? "retrier" : "catcher";
          problems.push({ severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED", message: `${WILDCARD} must appear alone in the last ${kind} at ${at}`, location: at });
        }
      });
    }
  });
  return problems;
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

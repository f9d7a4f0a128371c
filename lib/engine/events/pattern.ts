import { AwsError } from "../errors";

/**
 * EventBridge event patterns (the subset the engine supports): a pattern is an object whose leaves are arrays of
 * matchers; an event matches when every leaf matches the event's value at that path (any element of an array
 * value). Matchers: literal strings, numbers, booleans and null; `prefix`, `suffix`, `equals-ignore-case`,
 * `anything-but` (a value, a list, or a `prefix`/`suffix`), `exists` and `numeric` ranges.
 */
export type EventPattern = { [key: string]: Matcher[] | EventPattern };
type Literal = string | number | boolean | null;
type Matcher = Literal | Record<string, unknown>;

const NUMERIC_OPS = new Set(["<", "<=", "=", ">", ">="]);

export function parsePattern(text: unknown): EventPattern {
  if (typeof text !== "string") throw invalid("EventPattern must be a JSON string");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("Filter is not valid JSON");
  }
  checkPattern(value, "");
  return value as EventPattern;
}

function checkPattern(value: unknown, path: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid(`${path || "Pattern"} must be an object`);
  const entries = Object.entries(value);
  if (entries.length === 0 && path === "") throw invalid("Empty event pattern");
  for (const [key, child] of entries) {
    if (key === "$or") throw invalid("$or is not supported by the embedded engine");
    const at = path ? `${path}.${key}` : key;
    if (Array.isArray(child)) {
      if (child.length === 0) throw invalid(`Empty arrays are not allowed (at ${at})`);
      child.forEach((matcher) => checkMatcher(matcher, at));
    } else {
      checkPattern(child, at);
    }
  }
}

function checkMatcher(matcher: unknown, at: string): void {
  if (matcher === null || ["string", "number", "boolean"].includes(typeof matcher)) return;
  if (typeof matcher !== "object" || Array.isArray(matcher)) throw invalid(`Match value must be String, number, true, false, or null (at ${at})`);
  const keys = Object.keys(matcher);
  const kind = keys[0];
  if (keys.length !== 1 || !kind) throw invalid(`A matcher names exactly one operator (at ${at})`);
  const value = (matcher as Record<string, unknown>)[kind];
  switch (kind) {
    case "prefix":
    case "suffix":
    case "equals-ignore-case":
      if (typeof value !== "string") throw invalid(`${kind} match pattern must be a string (at ${at})`);
      return;
    case "exists":
      if (typeof value !== "boolean") throw invalid(`exists match pattern must be either true or false (at ${at})`);
      return;
    case "anything-but":
      if (Array.isArray(value) ? value.every(isLiteral) : isLiteral(value)) return;
      if (typeof value === "object" && value !== null && Object.keys(value).length === 1 && ["prefix", "suffix"].some((k) => typeof (value as Record<string, unknown>)[k] === "string")) return;
      throw invalid(`Value of anything-but must be an array or single string/number value, or a prefix/suffix (at ${at})`);
    case "numeric":
      if (Array.isArray(value) && value.length % 2 === 0 && value.length > 0 && value.every((v, i) => (i % 2 === 0 ? NUMERIC_OPS.has(v as string) : typeof v === "number"))) return;
      throw invalid(`Value of numeric must be an array of operators and numbers (at ${at})`);
    default:
      throw invalid(`Unrecognized match type ${kind} (at ${at})`);
  }
}

export function matches(pattern: EventPattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, child]) => {
    const value = typeof event === "object" && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>)[key] : undefined;
    if (!Array.isArray(child)) return matches(child, value);
    return child.some((matcher) => matchesLeaf(matcher, value));
  });
}

function matchesLeaf(matcher: Matcher, value: unknown): boolean {
  if (typeof matcher === "object" && matcher !== null && "exists" in matcher) return (value !== undefined) === matcher.exists;
  const values = Array.isArray(value) ? value : [value];
  if (typeof matcher === "object" && matcher !== null && "anything-but" in matcher) {
    return value !== undefined && values.every((v) => !matchesOne(matcher["anything-but"] as Matcher | Matcher[], v));
  }
  return values.some((v) => matchesOne(matcher, v));
}

function matchesOne(matcher: Matcher | Matcher[], value: unknown): boolean {
  if (Array.isArray(matcher)) return matcher.some((m) => matchesOne(m, value));
  if (matcher === null || typeof matcher !== "object") return value === matcher;
  if (typeof matcher.prefix === "string") return typeof value === "string" && value.startsWith(matcher.prefix);
  if (typeof matcher.suffix === "string") return typeof value === "string" && value.endsWith(matcher.suffix);
  if (typeof matcher["equals-ignore-case"] === "string") return typeof value === "string" && value.toLowerCase() === matcher["equals-ignore-case"].toLowerCase();
  if (Array.isArray(matcher.numeric)) return typeof value === "number" && inRange(matcher.numeric as (string | number)[], value);
  return false;
}

function inRange(conditions: (string | number)[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const [op, bound] = [conditions[i], conditions[i + 1] as number];
    const ok = op === "<" ? value < bound : op === "<=" ? value <= bound : op === "=" ? value === bound : op === ">" ? value > bound : value >= bound;
    if (!ok) return false;
  }
  return true;
}

function isLiteral(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function invalid(reason: string): AwsError {
  return new AwsError("InvalidEventPatternException", `Event pattern is not valid. Reason: ${reason}`);
}

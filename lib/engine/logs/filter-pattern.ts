import { AwsError } from "../errors";

/**
 * CloudWatch's term filter patterns: `ERROR` (events containing the term), `ERROR Exception` (all terms),
 * `"exact phrase"`, `?ERROR ?WARN` (any of the `?` terms), `-DEBUG` (none of the `-` terms); terms are
 * case-sensitive. JSON (`{ $.x = … }`), space-delimited (`[a, b]`) and regex (`%…%`) patterns are refused
 * rather than matched differently from AWS.
 */
export type EventFilter = (message: string) => boolean;

export function parseFilterPattern(pattern: string | undefined): EventFilter {
  const text = (pattern ?? "").trim();
  if (text === "") return () => true;
  if (/^[{[%]/.test(text)) {
    throw new AwsError("InvalidParameterException", "The embedded engine matches term filter patterns only (terms, \"phrases\", ?any, -none); JSON, space-delimited and regex patterns are not supported.");
  }
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const match of text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))/g)) {
    const term = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : (match[3] ?? "");
    if (term === "") continue;
    (match[1] === "?" ? any : match[1] === "-" ? none : all).push(term);
  }
  if (/"/.test(text.replace(/([?-]?)"((?:[^"\\]|\\.)*)"/g, ""))) throw new AwsError("InvalidParameterException", "Invalid filter pattern: a quote is not closed.");
  return (message) => all.every((t) => message.includes(t)) && !none.some((t) => message.includes(t)) && (any.length === 0 || any.some((t) => message.includes(t)));
}

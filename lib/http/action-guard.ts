import { nestsDeeperThan } from "./body";
import { crossOriginRefusal } from "./same-origin";

/** Server-action bodies: next.config.js sets the same limit for Next's own parser. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
const MAX_ACTION_DEPTH = 32;

export type Refusal = { status: number; code: string; error: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function refusal(status: number, code: string, error: string): Refusal {
  return { status, code, error };
}

/**
 * In a single-part body React escapes user strings that start with "$" as "$$…"; other "$" forms are references
 * to parts that a text body does not have (Next answers those with a 500) except these plain values.
 */
const PLAIN_VALUE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d{1,400}$)/;

function referencesMissingParts(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string" && next.startsWith("$") && !PLAIN_VALUE.test(next)) return true;
    if (next !== null && typeof next === "object") for (const child of Object.values(next)) pending.push(child);
  }
  return false;
}

/** What a React client sends for Ferry's actions (plain arguments): a JSON array, shallow, without part references. */
async function bodyRefusal(request: Request): Promise<Refusal | null> {
  const parsed = safeJson(await request.clone().text());
  const valid = Array.isArray(parsed) && !nestsDeeperThan(parsed, MAX_ACTION_DEPTH) && !referencesMissingParts(parsed);
  return valid ? null : refusal(400, "INVALID_INPUT", "The request body is not a valid server action call.");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Every non-GET request to a page is a server action (Ferry has no other page POSTs). Next parses action
 * bodies before any of Ferry's code runs and answers 500 to a cross-origin or malformed one, so proxy.ts
 * checks them first: a same-origin proof, a declared size within the limit and a body that parses to what React
 * sends for plain arguments. Multipart is refused: Ferry's actions take no files (uploads have their own
 * routes), and a multipart body can reference parts it lacks. Each refusal is a 4xx with a message.
 */
export async function actionRequestRefusal(request: Request, expectedOrigin: string): Promise<Refusal | null> {
  if (SAFE_METHODS.has(request.method)) return null;
  const crossOrigin = crossOriginRefusal(request.headers, expectedOrigin);
  if (crossOrigin) return refusal(403, "FORBIDDEN", crossOrigin);
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType !== "text/plain") {
    return refusal(415, "UNSUPPORTED_MEDIA_TYPE", "Server actions take text/plain bodies of plain arguments; files go to the upload endpoints.");
  }
  const length = Number(request.headers.get("content-length") ?? "NaN");
  if (!Number.isFinite(length)) return refusal(411, "INVALID_INPUT", "A server action call must declare its Content-Length.");
  if (length > MAX_ACTION_BODY_BYTES) return refusal(413, "TOO_LARGE", "The request body is too large (1 MB at most). Uploads have their own endpoints.");
  return bodyRefusal(request);
}

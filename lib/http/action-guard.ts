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

/** What a React client sends as an action body: a JSON array of arguments, or multipart for outlined values. */
async function bodyRefusal(request: Request, mediaType: string): Promise<Refusal | null> {
  const invalid = refusal(400, "INVALID_INPUT", "The request body is not a valid server action call.");
  if (mediaType === "multipart/form-data") {
    try {
      const form = await request.clone().formData();
      for (const value of form.values()) {
        if (typeof value === "string" && /^[[{]/.test(value) && nestsDeeperThan(safeJson(value), MAX_ACTION_DEPTH)) return invalid;
      }
      return null;
    } catch {
      return invalid;
    }
  }
  const parsed = safeJson(await request.clone().text());
  return Array.isArray(parsed) && !nestsDeeperThan(parsed, MAX_ACTION_DEPTH) ? null : invalid;
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
 * checks them first: a same-origin proof, the media types React sends, a declared size within the limit and a
 * body that parses to what React would send. Each refusal is a 4xx with a message.
 */
export async function actionRequestRefusal(request: Request, expectedOrigin: string): Promise<Refusal | null> {
  if (SAFE_METHODS.has(request.method)) return null;
  const crossOrigin = crossOriginRefusal(request.headers, expectedOrigin);
  if (crossOrigin) return refusal(403, "FORBIDDEN", crossOrigin);
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType !== "text/plain" && mediaType !== "multipart/form-data") {
    return refusal(415, "UNSUPPORTED_MEDIA_TYPE", "Server actions take text/plain or multipart/form-data bodies.");
  }
  const length = Number(request.headers.get("content-length") ?? "NaN");
  if (!Number.isFinite(length)) return refusal(411, "INVALID_INPUT", "A server action call must declare its Content-Length.");
  if (length > MAX_ACTION_BODY_BYTES) return refusal(413, "TOO_LARGE", "The request body is too large (1 MB at most). Uploads have their own endpoints.");
  return bodyRefusal(request, mediaType);
}

import { AppError } from "@/lib/commands/errors";

export type MediaType = "application/json" | "multipart/form-data";

/** Refuses a request whose Content-Type is not the one the route reads (415), before any byte is read. */
export function requireMediaType(headers: Headers, expected: MediaType): void {
  const given = (headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (given !== expected) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `This endpoint takes Content-Type: ${expected}${given ? `, not ${given.slice(0, 80)}` : ""}.`);
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("TOO_LARGE", `The request body is too large (${Math.round(maxBytes / 100_000) / 10} MB at most).`);
}

/** Refuses a body that announces more than `maxBytes` before it is read. */
export function requireDeclaredLength(headers: Headers, maxBytes: number): void {
  const declared = Number(headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
}

/**
 * A body stream that errors once it has carried more than `maxBytes`: a missing or lying Content-Length
 * costs at most the limit in memory.
 */
export function cappedStream(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(tooLarge(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** The whole body, at most `maxBytes` of it (else 413). */
export async function readCappedBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  requireDeclaredLength(request.headers, maxBytes);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  const reader = cappedStream(request.body, maxBytes).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

const MAX_JSON_DEPTH = 32;

/** True when the value nests deeper than `max` (checked without recursion, so a hostile body cannot overflow the stack). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.depth > max) return true;
    if (next.value !== null && typeof next.value === "object") {
      for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A JSON body: UTF-8, parseable, of bounded size and depth; anything else is a 4xx with a clear message. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readCappedBytes(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new AppError("INVALID_INPUT", "The request body must be JSON.");
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw new AppError("INVALID_INPUT", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return value;
}

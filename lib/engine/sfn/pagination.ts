import { AwsError } from "../errors";

/** Offset-based pages behind an opaque token, as Step Functions' list operations expose them. */
export function paginate<T>(items: T[], maxResults: unknown, nextToken: unknown): { page: T[]; nextToken?: string } {
  const size = maxResults === undefined || maxResults === null || maxResults === 0 ? 100 : Number(maxResults);
  if (!Number.isInteger(size) || size < 0 || size > 1000) {
    throw new AwsError("ValidationException", "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
  }
  const start = nextToken === undefined || nextToken === null ? 0 : decode(nextToken);
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { page, nextToken: Buffer.from(JSON.stringify({ o: end })).toString("base64") } : { page };
}

function decode(token: unknown): number {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), "base64").toString("utf8")) as { o?: unknown };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // an unreadable token is reported below, as AWS does
  }
  throw new AwsError("InvalidToken", `Invalid Token: '${String(token)}'`);
}

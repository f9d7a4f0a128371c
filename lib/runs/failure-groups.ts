/**
 * A failure group is a failure reason with what differs between runs taken out (job and execution names,
 * numbers, ids, paths' run prefixes), so the same bug in 40 models is one group, not 40. The last line of a
 * Python traceback is what people recognise ("KeyError: 'customer_id'"), so it is preferred when present.
 */
export function failureGroupOf(error: string | null | undefined, cause: string | null | undefined): string | null {
  if (!error && !cause) return null;
  const text = jobFailureReason(cause) ?? cause ?? "";
  const traceback = text.includes("Traceback") ? lastErrorLine(text) : null;
  const reason = traceback ?? firstLine(text) ?? "";
  const normalised = reason
    .replace(/s3:\/\/\S+/g, "s3://…")
    .replace(/arn:aws[\w-]*:\S+/g, "arn:…")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>")
    .replace(/\b[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*-[0-9a-f]{24}(-[a-z0-9]+)*\b/g, "<job>")
    .replace(/\d+(\.\d+)?/g, "N")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
  return [error ?? "Error", normalised].filter(Boolean).join(": ").slice(0, 240);
}

/** A failed .sync task's cause is the job's description as JSON; its FailureReason is the readable part. */
function jobFailureReason(cause: string | null | undefined): string | null {
  if (!cause?.trimStart().startsWith("{")) return null;
  try {
    const parsed: unknown = JSON.parse(cause);
    const reason = typeof parsed === "object" && parsed !== null ? (parsed as { FailureReason?: unknown }).FailureReason : undefined;
    return typeof reason === "string" ? reason : null;
  } catch {
    return null;
  }
}

function lastErrorLine(text: string): string | null {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const error = [...lines].reverse().find((l) => /^[A-Za-z_][\w.]*(Error|Exception|Exit)\b/.test(l));
  return error ?? null;
}

function firstLine(text: string): string | null {
  const line = text.split("\n").map((l) => l.trim()).find(Boolean);
  return line ?? null;
}

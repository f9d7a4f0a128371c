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
  // Locations go first, whole: an address inside an S3 key is part of the location, not something to keep.
  const located = reason.replace(/s3:\/\/\S+/g, "s3://…").replace(/arn:aws[\w-]*:\S+/g, "arn:…");
  const normalised = keepingEmails(located, normaliseFreeText).replace(/\s+/g, " ").trim().slice(0, 200);
  return [error ?? "Error", normalised].filter(Boolean).join(": ").slice(0, 240);
}

// RFC 5322's characters for the local part (unquoted) and a dotted domain: "ds2@ferry.local" stays as written.
const EMAIL = /[\w!#$%&'*+/=?^`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** Applies `normalise` to the text between e-mail addresses: people recognise an address, digits and all. */
function keepingEmails(text: string, normalise: (free: string) => string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(EMAIL)) {
    out += normalise(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + normalise(text.slice(last));
}

function normaliseFreeText(text: string): string {
  return (
    text
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>")
      .replace(/\b[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*-[0-9a-f]{24}(-[a-z0-9]+)*\b/g, "<job>")
      // A number standing alone (3600 seconds, line 12, 10.0.0.1), not digits inside a name (feature_1, py3, x86_64).
      .replace(/(?<![\w.])\d+(?:\.\d+)*(?!\w)/g, "N")
  );
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

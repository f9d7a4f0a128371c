import { AwsError } from "../errors";

/** One HTTP byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`), clamped to the object as S3 does. */
export function parseRange(header: string, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // S3 ignores a Range it cannot parse (including multiple ranges) and returns the whole object.
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw invalidRange();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) throw invalidRange();
  return { start, end };
}

function invalidRange(): AwsError {
  return new AwsError("InvalidRange", "The requested range is not satisfiable", 416);
}

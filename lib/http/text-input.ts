import { AppError } from "@/lib/commands/errors";

function childrenOf(value: object): unknown[] {
  if (value instanceof Blob) return [];
  const entries = value instanceof FormData ? [...value.entries()] : Object.entries(value);
  return entries.flat();
}

/**
 * PostgreSQL cannot store U+0000 in text; a NUL that reached a query would fail there as a server error. No
 * Ferry input needs one, so it is refused at the boundary with a clear message. Walks without recursion.
 */
export function refuseNulCharacters(input: unknown): void {
  const pending: unknown[] = [input];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string" && value.includes("\u0000")) throw new AppError("INVALID_INPUT", "Text may not contain NUL characters.");
    if (value !== null && typeof value === "object") for (const child of childrenOf(value)) pending.push(child);
  }
}

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A personal access token is `ferry_pat_<token id, 32 hex>_<secret, 43 base64url chars of 32 random bytes>`.
 * The id finds the row; only the sha256 of the secret is stored, and it is compared in constant time. The
 * prefix lets secret scanners (and people) recognise a leaked token.
 */
export const TOKEN_PREFIX = "ferry_pat_";
const TOKEN_PATTERN = /^ferry_pat_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function formatToken(id: string, secret: string): string {
  return `${TOKEN_PREFIX}${id.replaceAll("-", "")}_${secret}`;
}

/** The token's id (as a uuid) and secret, or null when the text is not a Ferry token at all. */
export function parseToken(text: string): { id: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const hex = match[1];
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret: match[2] };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { normalizedEmail } from "./sign-in-limit";

/**
 * The device cookie of OWASP's lockout guidance: after a successful sign-in the browser gets
 * `<device id>.<HMAC(account, device id)>`; later attempts on that account from that browser are counted
 * apart from everyone else's failures. Bound to one account, signed with the auth secret, useless elsewhere.
 */
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function deviceCookieName(https: boolean): string {
  // __Host-: only from this exact origin, Secure, Path=/, no Domain; a sibling subdomain cannot plant one.
  return https ? "__Host-ferry.device" : "ferry.device";
}

function signature(secret: string, email: string, device: string): string {
  return createHmac("sha256", secret).update(`ferry-device|${normalizedEmail(email)}|${device}`).digest("base64url");
}

export function newDeviceCookieValue(secret: string, email: string): string {
  const device = randomBytes(18).toString("base64url");
  return `${device}.${signature(secret, email, device)}`;
}

/** The device id when `value` is a valid device cookie for this account, else null. */
export function deviceOf(secret: string, email: string, value: string | undefined): string | null {
  const [device, given, extra] = (value ?? "").split(".");
  if (!device || !given || extra !== undefined || !/^[\w-]{16,64}$/.test(device)) return null;
  const expected = Buffer.from(signature(secret, email, device));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? device : null;
}

export function deviceSetCookie(value: string, https: boolean): string {
  return `${deviceCookieName(https)}=${value}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict${https ? "; Secure" : ""}`;
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

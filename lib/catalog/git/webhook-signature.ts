import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Who sent a webhook, proven by its repository's secret: GitHub's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256
 * of the body>`, or GitLab's `X-Gitlab-Token: <secret>`. Comparisons are constant-time; the GitLab token is
 * compared through its hash so its length leaks nothing either.
 */
export type WebhookSender = "github" | "gitlab";

const digest = (text: string | Uint8Array) => createHash("sha256").update(text).digest();

export function verifySignature(headers: Headers, body: Uint8Array, secret: string): WebhookSender | null {
  const signature = headers.get("x-hub-signature-256");
  if (signature !== null) {
    const expected = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    return timingSafeEqual(digest(signature), digest(expected)) ? "github" : null;
  }
  const token = headers.get("x-gitlab-token");
  if (token !== null) return timingSafeEqual(digest(token), digest(secret)) ? "gitlab" : null;
  return null;
}

/** The delivery's id, the same on a retry of the same event (GitHub's delivery GUID, GitLab's idempotency key). */
export function deliveryIdOf(headers: Headers): string | null {
  const id = headers.get("x-github-delivery") ?? headers.get("idempotency-key") ?? headers.get("x-gitlab-event-uuid");
  return id && /^[\w.:-]{1,200}$/.test(id) ? id : null;
}

/** "push", "ping", "tag_push", ... from either sender's event header. */
export function eventOf(headers: Headers): string {
  const github = headers.get("x-github-event");
  if (github) return github.toLowerCase();
  return (headers.get("x-gitlab-event") ?? "").toLowerCase().replace(/ hook$/, "").replaceAll(" ", "_");
}

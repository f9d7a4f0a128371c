import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/config/env";

/**
 * The cookie-signing secret. Production passes FERRY_AUTH_SECRET; the embedded default keeps one under the
 * data directory so sessions survive restarts without anyone having to invent a secret.
 */
export function resolveAuthSecret(config: Env): string {
  if (config.FERRY_AUTH_SECRET) return config.FERRY_AUTH_SECRET;
  const file = path.resolve(config.FERRY_DATA_DIR, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(48).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  }
}

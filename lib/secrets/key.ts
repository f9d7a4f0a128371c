import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/config/env";

const SECRETS_KEY_BYTES = 32;

/** A base64 text that decodes to exactly 32 bytes (an AES-256 key), or why not. */
export function parseSecretsKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.byteLength !== SECRETS_KEY_BYTES) throw new Error(`FERRY_SECRETS_KEY must be ${SECRETS_KEY_BYTES} bytes in base64 (openssl rand -base64 32)`);
  return key;
}

/**
 * The key that encrypts stored secrets. Production passes FERRY_SECRETS_KEY; the embedded default keeps one under
 * the data directory (like the auth secret), so a laptop needs no setup and the key never enters the database.
 */
export function resolveSecretsKey(config: Env): Buffer {
  if (config.FERRY_SECRETS_KEY) return parseSecretsKey(config.FERRY_SECRETS_KEY);
  const file = path.resolve(config.FERRY_DATA_DIR, "secrets-key");
  try {
    return parseSecretsKey(readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    const key = randomBytes(SECRETS_KEY_BYTES).toString("base64");
    writeFileSync(file, key, { mode: 0o600, flag: "wx" });
    return parseSecretsKey(key);
  }
}

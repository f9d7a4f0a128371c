// Secrets at rest: AES-256-GCM bound to its row, a key of exactly 32 bytes, a generated key file only its owner reads.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { open, seal } from "@/lib/secrets/cipher";
import { parseSecretsKey, resolveSecretsKey } from "@/lib/secrets/key";
import { EnvError, parseEnv as parseProcessEnv, type Env } from "@/lib/config/env";

// Next's types declare NODE_ENV always present in ProcessEnv; a real environment is any bag of strings.
const parseEnv = (vars: Record<string, string>): Env => parseProcessEnv(vars as NodeJS.ProcessEnv);

const key = randomBytes(32);

describe("cipher", () => {
  it("round-trips, and the ciphertext holds no trace of the value", () => {
    const sealed = seal(key, "ghp_secretvalue", "row-1");
    expect(sealed.includes(Buffer.from("ghp_secretvalue"))).toBe(false);
    expect(open(key, sealed, "row-1")).toBe("ghp_secretvalue");
    // A fresh IV each time: the same value never seals to the same bytes.
    expect(seal(key, "ghp_secretvalue", "row-1").equals(sealed)).toBe(false);
  });

  it("refuses another key, another row, a flipped byte or a truncated blob", () => {
    const sealed = seal(key, "token", "row-1");
    expect(() => open(randomBytes(32), sealed, "row-1")).toThrow();
    expect(() => open(key, sealed, "row-2")).toThrow();
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(() => open(key, flipped, "row-1")).toThrow();
    expect(() => open(key, sealed.subarray(0, 20), "row-1")).toThrow("truncated");
  });
});

describe("key", () => {
  it("takes exactly 32 bytes of base64, from FERRY_SECRETS_KEY as from the file", () => {
    expect(parseSecretsKey(key.toString("base64")).equals(key)).toBe(true);
    expect(() => parseSecretsKey(randomBytes(16).toString("base64"))).toThrow("32 bytes");
    expect(() => parseEnv({ FERRY_SECRETS_KEY: "too-short" })).toThrow(EnvError);
    expect(() => parseEnv({ FERRY_SECRETS_KEY: "too-short" })).not.toThrow(/too-short/);
    expect(parseEnv({ FERRY_SECRETS_KEY: key.toString("base64") }).FERRY_SECRETS_KEY).toBe(key.toString("base64"));
  });

  it("is generated once under the data directory (0600) and reused", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ferry-secrets-"));
    try {
      const config = parseEnv({ FERRY_DATA_DIR: dir });
      const first = resolveSecretsKey(config);
      expect(first.byteLength).toBe(32);
      expect((await stat(path.join(dir, "secrets-key"))).mode & 0o777).toBe(0o600);
      expect(resolveSecretsKey(config).equals(first)).toBe(true);
      expect(Buffer.from((await readFile(path.join(dir, "secrets-key"), "utf8")).trim(), "base64").equals(first)).toBe(true);
      // An explicit key wins over the file.
      expect(resolveSecretsKey(parseEnv({ FERRY_DATA_DIR: dir, FERRY_SECRETS_KEY: key.toString("base64") })).equals(key)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

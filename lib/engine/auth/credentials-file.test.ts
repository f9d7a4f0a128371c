import { mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCredentials, loadOrCreateCredentials, readCredentialsFile } from "./credentials-file";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ferry-credentials-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("the engine's credentials file", () => {
  it("is created once, owner-only, and the same credentials come back on every later start", async () => {
    const file = path.join(dir, "engine", "credentials");
    const [first, racing] = await Promise.all([loadOrCreateCredentials(file), loadOrCreateCredentials(file)]);
    expect(racing).toEqual(first);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateCredentials(file)).toEqual(first);
    expect(await readFile(file, "utf8")).toContain("[ferry]\naws_access_key_id = ");
  });

  it("generates distinct keys shaped like AWS's", () => {
    const [a, b] = [generateCredentials(), generateCredentials()];
    expect(a.accessKeyId).toMatch(/^[A-Z2-7]{20}$/);
    expect(a.secretAccessKey).toHaveLength(40);
    expect(a).not.toEqual(b);
  });

  it("reads the ferry profile among others, and refuses a link or a file without it", async () => {
    const file = path.join(dir, "shared");
    await writeFile(file, "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[ferry]\naws_access_key_id = FERRY\naws_secret_access_key = SECRET\n");
    expect(await readCredentialsFile(file)).toEqual({ accessKeyId: "FERRY", secretAccessKey: "SECRET" });
    const link = path.join(dir, "linked");
    await symlink(file, link);
    await expect(readCredentialsFile(link)).rejects.toThrow("not a regular file");
    await writeFile(path.join(dir, "other"), "[default]\naws_access_key_id = A\n");
    await expect(loadOrCreateCredentials(path.join(dir, "other"))).rejects.toThrow("no [ferry] profile");
    expect(await readCredentialsFile(path.join(dir, "missing"))).toBeUndefined();
  });
});

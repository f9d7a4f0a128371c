import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsFor } from "./credentials";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ferry-aws-credentials-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const engineTarget = (file: string) => credentialsFor({ region: "us-east-1", endpoint: "http://127.0.0.1:4599", credentials: { kind: "engine", file } });

describe("the engine's credentials, read the AWS way", () => {
  it("come from the ferry profile of its shared-credentials file", async () => {
    const file = path.join(dir, "credentials");
    await writeFile(file, "[default]\naws_access_key_id = OTHER\naws_secret_access_key = OTHER\n\n[ferry]\naws_access_key_id = FERRYKEY\naws_secret_access_key = FERRYSECRET\n", { mode: 0o600 });
    await expect(engineTarget(file)()).resolves.toMatchObject({ accessKeyId: "FERRYKEY", secretAccessKey: "FERRYSECRET" });
  });

  it("are never read through a link, and a missing file says how to get one", async () => {
    const link = path.join(dir, "linked");
    await symlink(path.join(dir, "credentials"), link);
    await expect(engineTarget(link)()).rejects.toThrow("not a regular file");
    await expect(engineTarget(path.join(dir, "missing"))()).rejects.toThrow("start the engine");
  });

  it("refuse a file without the ferry profile", async () => {
    const file = path.join(dir, "other");
    await writeFile(file, "[default]\naws_access_key_id = A\naws_secret_access_key = B\n");
    await expect(engineTarget(file)()).rejects.toThrow();
  });
});

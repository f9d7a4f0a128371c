// boto3/codebuild.py against a real engine: AWS's CodeBuild Docker sample, one Vitest test per check, each named
// after the AWS document it follows. Needs Debian's python3-boto3 (the suite fails, not skips, without it).
import { execFile, execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_CREDENTIALS, TEST_REGION, type TestEngine } from "../harness";

/** Debian's interpreter: the `python3` first on PATH on these machines is another one, without boto3. */
const PYTHON = "/usr/bin/python3";
const SUITE = fileURLToPath(new URL("./boto3/codebuild.py", import.meta.url));
const SUITE_TIMEOUT_MS = 120_000;

type Result = { name: string; doc: string; ok: boolean; error?: string; trace?: string };

const checks = JSON.parse(execFileSync(PYTHON, [SUITE, "--list"], { encoding: "utf8" })) as { name: string; doc: string }[];
const results = new Map<string, Result>();
let engine: TestEngine;
let home = "";

describe("boto3: CodeBuild's Docker sample against the engine", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    home = await makeTempDir("codebuild-boto3");
    const { stdout } = await promisify(execFile)(PYTHON, [SUITE], {
      timeout: SUITE_TIMEOUT_MS,
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: home,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: TEST_REGION,
        AWS_EC2_METADATA_DISABLED: "true",
        FERRY_ENDPOINT: engine.endpoint,
      },
    });
    for (const line of stdout.split("\n").filter((l) => l.startsWith("{"))) {
      const result = JSON.parse(line) as Result;
      results.set(result.name, result);
    }
  }, SUITE_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await engine?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("covers CodeBuild's operations Ferry uses, each check naming its AWS document", () => {
    expect(checks.map((c) => c.name)).toEqual(["create_project", "docker_sample", "build_phases_and_log", "list_and_stop", "errors"]);
    for (const check of checks) expect(check.doc).toMatch(/^CodeBuild (API Reference|User Guide)/);
  });

  it.each(checks)("$name ($doc)", ({ name }) => {
    const result = results.get(name);
    expect(result, `${name} did not report`).toBeDefined();
    expect(result?.ok, `${result?.error}\n${result?.trace}`).toBe(true);
  });
});

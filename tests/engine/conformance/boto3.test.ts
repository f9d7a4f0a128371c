// The boto3 conformance suite (boto3/conformance.py) against a real engine: one Vitest test per check, each
// named after the AWS document it follows. Needs Debian's python3-boto3 (CI installs it; the suite fails, not
// skips, without it).
import { execFile, execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_CREDENTIALS, TEST_REGION, TEST_ROLE, type TestEngine } from "../harness";
import { FRAMEWORK_IMAGE } from "../legacy-model";

/** Debian's interpreter: the `python3` first on PATH on these machines is another one, without boto3. */
const PYTHON = "/usr/bin/python3";
const SUITE = fileURLToPath(new URL("./boto3/conformance.py", import.meta.url));
/** The whole suite, jobs included, takes well under a minute; past this something hangs. */
const SUITE_TIMEOUT_MS = 240_000;

interface Check {
  name: string;
  doc: string;
}
interface Result extends Check {
  ok: boolean;
  seconds: number;
  error?: string;
  trace?: string;
}

const checks = JSON.parse(execFileSync(PYTHON, [SUITE, "--list"], { encoding: "utf8" })) as Check[];
const results = new Map<string, Result>();
let engine: TestEngine;
let home = "";

describe("boto3 conformance suite", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    home = await makeTempDir("boto3");
    const { stdout } = await promisify(execFile)(PYTHON, [SUITE], {
      timeout: SUITE_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
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
        FERRY_FRAMEWORK_IMAGE: FRAMEWORK_IMAGE,
        FERRY_ROLE_ARN: TEST_ROLE,
      },
    });
    for (const line of stdout.split("\n").filter((l) => l.startsWith("{"))) {
      const result = JSON.parse(line) as Result;
      results.set(result.name, result);
    }
    const passed = [...results.values()].filter((r) => r.ok).length;
    console.log(`boto3 conformance: ${passed} of ${checks.length} checks passed`);
  }, SUITE_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await engine?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("has the checks the issue asked for, each naming its AWS document", () => {
    expect(checks.length).toBeGreaterThanOrEqual(30);
    for (const check of checks) expect(check.doc).toMatch(/API Reference|Developer Guide|User Guide|States Language|botocore/);
  });

  it.each(checks)("$name ($doc)", ({ name }) => {
    const result = results.get(name);
    expect(result, `${name} did not report`).toBeDefined();
    expect(result?.ok, `${result?.error}\n${result?.trace}`).toBe(true);
  });
});

// boto3's SQS (query protocol) and EventBridge against a real engine (boto3/events.py): one Vitest test per
// check, each named after the AWS document it follows. Needs Debian's python3-boto3 (fails, not skips, without it).
import { execFile, execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_CREDENTIALS, TEST_REGION, TEST_ROLE, type TestEngine } from "../harness";

const PYTHON = "/usr/bin/python3";
const SUITE = fileURLToPath(new URL("./boto3/events.py", import.meta.url));
const SUITE_TIMEOUT_MS = 120_000;

type Result = { name: string; doc: string; ok: boolean; error?: string; trace?: string };

const checks = JSON.parse(execFileSync(PYTHON, [SUITE, "--list"], { encoding: "utf8" })) as { name: string; doc: string }[];
const results = new Map<string, Result>();
let engine: TestEngine;
let home = "";

describe("boto3 SQS and EventBridge conformance", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    home = await makeTempDir("boto3-events");
    const { stdout } = await promisify(execFile)(PYTHON, [SUITE], {
      timeout: SUITE_TIMEOUT_MS,
      maxBuffer: 4 * 1024 * 1024,
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
        FERRY_ROLE_ARN: TEST_ROLE,
      },
    });
    for (const line of stdout.split("\n").filter((l) => l.startsWith("{"))) {
      const result = JSON.parse(line) as Result;
      results.set(result.name, result);
    }
  }, SUITE_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await engine?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("covers SQS, EventBridge and the status events, each check naming its AWS document", () => {
    expect(checks.length).toBeGreaterThanOrEqual(10);
    for (const check of checks) expect(check.doc).toMatch(/API Reference|Developer Guide|User Guide/);
  });

  it.each(checks)("$name ($doc)", ({ name }) => {
    const result = results.get(name);
    expect(result, `${name} did not report`).toBeDefined();
    expect(result?.ok, `${result?.error}\n${result?.trace}`).toBe(true);
  });
});

// boto3's SQS (query protocol) and EventBridge against a real engine (boto3/events.py): one Vitest test per
// check, each named after the AWS document it follows. Needs Debian's python3-boto3 (fails, not skips, without it).
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_ROLE, type TestEngine } from "../harness";
import { listChecks, runBoto3Suite, type Boto3Result } from "./boto3-suite";

const SUITE = fileURLToPath(new URL("./boto3/events.py", import.meta.url));
const SUITE_TIMEOUT_MS = 120_000;

const checks = listChecks(SUITE);
let results = new Map<string, Boto3Result>();
let engine: TestEngine;
let home = "";

describe("boto3 SQS and EventBridge conformance", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    home = await makeTempDir("boto3-events");
    results = await runBoto3Suite(SUITE, engine, home, { timeoutMs: SUITE_TIMEOUT_MS, env: { FERRY_ROLE_ARN: TEST_ROLE } });
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

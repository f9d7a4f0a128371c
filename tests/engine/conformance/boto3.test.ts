// The boto3 conformance suite (boto3/conformance.py) against a real engine: one Vitest test per check, each
// named after the AWS document it follows. Needs Debian's python3-boto3 (CI installs it; the suite fails, not
// skips, without it).
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_ROLE, type TestEngine } from "../harness";
import { listChecks, runBoto3Suite, type Boto3Result } from "./boto3-suite";
import { FRAMEWORK_IMAGE } from "../legacy-model";

const SUITE = fileURLToPath(new URL("./boto3/conformance.py", import.meta.url));
/** The whole suite, jobs included, takes well under a minute; past this something hangs. */
const SUITE_TIMEOUT_MS = 240_000;

const checks = listChecks(SUITE);
let results = new Map<string, Boto3Result>();
let engine: TestEngine;
let home = "";

describe("boto3 conformance suite", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    home = await makeTempDir("boto3");
    results = await runBoto3Suite(SUITE, engine, home, { timeoutMs: SUITE_TIMEOUT_MS, env: { FERRY_FRAMEWORK_IMAGE: FRAMEWORK_IMAGE, FERRY_ROLE_ARN: TEST_ROLE } });
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

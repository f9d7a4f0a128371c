// boto3/codebuild.py against a real engine: AWS's CodeBuild Docker sample, one Vitest test per check, each named
// after the AWS document it follows. Needs Debian's python3-boto3 (the suite fails, not skips, without it).
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, type TestEngine } from "../harness";
import { listChecks, runBoto3Suite, type Boto3Result } from "./boto3-suite";

const SUITE = fileURLToPath(new URL("./boto3/codebuild.py", import.meta.url));
const SUITE_TIMEOUT_MS = 120_000;

const checks = listChecks(SUITE);
let results = new Map<string, Boto3Result>();
let engine: TestEngine;
let home = "";

describe("boto3: CodeBuild's Docker sample against the engine", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    home = await makeTempDir("codebuild-boto3");
    results = await runBoto3Suite(SUITE, engine, home, { timeoutMs: SUITE_TIMEOUT_MS });
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

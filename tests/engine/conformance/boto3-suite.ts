// The one way the conformance tests run a boto3 suite (boto3/*.py) against a test engine: list its checks, run it
// with only the engine's test credentials in the environment, and collect one JSON result per check.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { TEST_CREDENTIALS, TEST_REGION, type TestEngine } from "../harness";

/** Debian's interpreter: the `python3` first on PATH on these machines is another one, without boto3. */
const PYTHON = "/usr/bin/python3";

export type Boto3Check = { name: string; doc: string };
export type Boto3Result = Boto3Check & { ok: boolean; error?: string; trace?: string };

export function listChecks(suite: string): Boto3Check[] {
  return JSON.parse(execFileSync(PYTHON, [suite, "--list"], { encoding: "utf8" })) as Boto3Check[];
}

/** Runs the whole suite once; each check's result by its name. `env` adds the suite's own settings. */
export async function runBoto3Suite(suite: string, engine: TestEngine, home: string, options: { timeoutMs: number; env?: Record<string, string> }): Promise<Map<string, Boto3Result>> {
  const { stdout } = await promisify(execFile)(PYTHON, [suite], {
    timeout: options.timeoutMs,
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
      ...options.env,
    },
  });
  const results = new Map<string, Boto3Result>();
  for (const line of stdout.split("\n").filter((l) => l.startsWith("{"))) {
    const result = JSON.parse(line) as Boto3Result;
    results.set(result.name, result);
  }
  return results;
}

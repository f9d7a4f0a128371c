// Qualified state machine ARNs through Debian's AWS CLI. Its bundled model (2.9, late 2022) predates the
// version and alias operations, so those are published through the SDK here; the CLI then starts and inspects
// executions on a version and an alias ARN the way an operator's script would.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import { CreateStateMachineAliasCommand, CreateStateMachineCommand, UpdateStateMachineCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_REGION, TEST_ROLE, type TestEngine } from "./harness";
import { uniqueName, waitForExecution } from "./sfn-helpers";

/** Debian's AWS CLI; the `aws` first on PATH on these machines is a different (pyenv) shim. */
const AWS = "/usr/bin/aws";
const run = promisify(execFile);

let engine: TestEngine;
let home = "";

async function aws<T>(...args: string[]): Promise<T> {
  // Whatever credentials the harness signs with, so this keeps working when the engine checks signatures.
  const credentials = await engine.sfn.config.credentials();
  const { stdout } = await run(AWS, ["--endpoint-url", engine.endpoint, "--output", "json", ...args], {
    env: {
      NODE_ENV: "test",
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
  return JSON.parse(stdout) as T;
}

const says = (word: string) => JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: word, End: true } } });

describe.runIf(existsSync(AWS))("qualified state machine ARNs with Debian's AWS CLI", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    home = await makeTempDir("awscli-versions");
  });
  afterAll(async () => {
    await engine?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("starts on a version ARN and an alias ARN and runs the version's definition, not the latest revision", async () => {
    const created = await engine.sfn.send(new CreateStateMachineCommand({ name: uniqueName("cli-ver"), definition: says("v1"), roleArn: TEST_ROLE, publish: true }));
    const v1 = created.stateMachineVersionArn ?? "";
    await engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: says("latest") }));
    const alias = await engine.sfn.send(new CreateStateMachineAliasCommand({ name: "live", routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));

    const described = await aws<{ stateMachineArn: string; definition: string }>("stepfunctions", "describe-state-machine", "--state-machine-arn", v1);
    expect(described.stateMachineArn).toBe(v1);
    expect(JSON.parse(described.definition)).toEqual(JSON.parse(says("v1")));
    for (const target of [v1, alias.stateMachineAliasArn ?? ""]) {
      const started = await aws<{ executionArn: string }>("stepfunctions", "start-execution", "--state-machine-arn", target, "--input", "{}");
      expect(started.executionArn).toContain(":execution:cli-ver-");
      await waitForExecution(engine.sfn, started.executionArn);
      const execution = await aws<{ status: string; output: string }>("stepfunctions", "describe-execution", "--execution-arn", started.executionArn);
      expect(execution).toMatchObject({ status: "SUCCEEDED", output: '"v1"' });
    }
    const latest = await aws<{ executionArn: string }>("stepfunctions", "start-execution", "--state-machine-arn", created.stateMachineArn ?? "", "--input", "{}");
    expect((await waitForExecution(engine.sfn, latest.executionArn)).output).toBe('"latest"');
  });
});

// The behaviours of issue 12, checked with Debian's AWS CLI (its own botocore) as a user would type them.
// Each test names the AWS document it follows. The CLI's basics are in tests/engine/awscli.test.ts.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_CREDENTIALS, TEST_REGION, TEST_ROLE, type TestEngine } from "../harness";

/** Debian's AWS CLI; the `aws` first on PATH on these machines is a different (pyenv) shim. */
const AWS = "/usr/bin/aws";
const BUCKET = "cli-conformance";

let engine: TestEngine;
let workDir = "";

interface Outcome {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs the CLI and reports how it ended instead of throwing: a refusal is the expected result of most checks. */
async function aws(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(AWS, ["--endpoint-url", engine.endpoint, "--output", "json", ...args], {
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: workDir,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: TEST_REGION,
        AWS_PAGER: "",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("issue 12's behaviours through the AWS CLI", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    workDir = await makeTempDir("awscli-conformance");
    expect((await aws("s3api", "create-bucket", "--bucket", BUCKET)).ok).toBe(true);
  });
  afterAll(async () => {
    await engine?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("S3 API Reference, CreateBucket: creating a bucket you own again in us-east-1 succeeds", async () => {
    expect(await aws("s3api", "create-bucket", "--bucket", BUCKET)).toMatchObject({ ok: true });
  });

  it("S3 API Reference, PutObject: a wrong Content-MD5 is BadDigest and stores nothing", async () => {
    const file = path.join(workDir, "body.txt");
    await writeFile(file, "hello");
    const wrong = createHash("md5").update("other").digest("base64");
    const put = await aws("s3api", "put-object", "--bucket", BUCKET, "--key", "md5.txt", "--body", file, "--content-md5", wrong);
    expect(put.stderr).toContain("(BadDigest)");
    expect((await aws("s3api", "head-object", "--bucket", BUCKET, "--key", "md5.txt")).stderr).toContain("(404)");
  });

  it("S3 API Reference, HeadObject: If-None-Match is 304, a failed If-Match is 412", async () => {
    const file = path.join(workDir, "cond.txt");
    await writeFile(file, "v1");
    const { ETag } = JSON.parse((await aws("s3api", "put-object", "--bucket", BUCKET, "--key", "cond.txt", "--body", file)).stdout) as { ETag: string };
    expect((await aws("s3api", "head-object", "--bucket", BUCKET, "--key", "cond.txt", "--if-none-match", ETag)).stderr).toContain("(304)");
    expect((await aws("s3api", "head-object", "--bucket", BUCKET, "--key", "cond.txt", "--if-match", '"other"')).stderr).toContain("(412)");
  });

  it("S3 User Guide, object keys: a key over 1,024 bytes is KeyTooLongError", async () => {
    const file = path.join(workDir, "k.txt");
    await writeFile(file, "x");
    expect((await aws("s3api", "put-object", "--bucket", BUCKET, "--key", "k".repeat(1025), "--body", file)).stderr).toContain("(KeyTooLongError)");
  });

  it("ASL, 'Retrying after error': States.ALL not alone and last is InvalidDefinition, SCHEMA_VALIDATION_FAILED", async () => {
    const definition = JSON.stringify({
      StartAt: "T",
      States: { T: { Type: "Task", Resource: "arn:aws:states:::sagemaker:createProcessingJob.sync", Parameters: {}, Retry: [{ ErrorEquals: ["States.ALL", "X.Y"] }], End: true } },
    });
    const created = await aws("stepfunctions", "create-state-machine", "--name", "cli-all", "--definition", definition, "--role-arn", TEST_ROLE);
    expect(created.stderr).toContain("(InvalidDefinition)");
    expect(created.stderr).toContain("SCHEMA_VALIDATION_FAILED");
  });

  it("Step Functions API Reference, HistoryEvent: MapStateStarted with its length; ResultPath \"$\" replaces the input", async () => {
    const definition = JSON.stringify({
      StartAt: "Each",
      States: {
        Each: { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } }, ResultPath: "$", End: true },
      },
    });
    const { stateMachineArn } = JSON.parse((await aws("stepfunctions", "create-state-machine", "--name", "cli-map", "--definition", definition, "--role-arn", TEST_ROLE)).stdout) as { stateMachineArn: string };
    const { executionArn } = JSON.parse((await aws("stepfunctions", "start-execution", "--state-machine-arn", stateMachineArn, "--input", "[0,false]")).stdout) as { executionArn: string };
    let described = { status: "RUNNING", output: "" };
    for (let i = 0; i < 100 && described.status === "RUNNING"; i += 1) {
      described = JSON.parse((await aws("stepfunctions", "describe-execution", "--execution-arn", executionArn)).stdout) as typeof described;
    }
    expect(described).toMatchObject({ status: "SUCCEEDED", output: "[0,false]" });
    const { events } = JSON.parse((await aws("stepfunctions", "get-execution-history", "--execution-arn", executionArn)).stdout) as { events: { type: string; mapStateStartedEventDetails?: unknown }[] };
    expect(events.find((e) => e.type === "MapStateStarted")?.mapStateStartedEventDetails).toEqual({ length: 2 });
  });

  it("SageMaker: a missing processing job is ValidationException (botocore's waiter), refusals quote the model", async () => {
    expect((await aws("sagemaker", "describe-processing-job", "--processing-job-name", "no-such-job")).stderr).toContain("(ValidationException)");
    expect((await aws("sagemaker", "stop-processing-job", "--processing-job-name", "no-such-job")).stderr).toContain("(ValidationException)");
    const listed = await aws("sagemaker", "list-processing-jobs", "--status-equals", "Done");
    expect(listed.stderr).toContain(
      "1 validation error detected: Value 'Done' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: [InProgress, Completed, Failed, Stopping, Stopped]",
    );
  });
}, 120_000);

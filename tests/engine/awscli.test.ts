import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCredentialsFile } from "@/lib/engine/auth/credentials-file";
import { makeTempDir, startTestEngine, TEST_CREDENTIALS_FILE, TEST_REGION, TEST_ROLE, type TestEngine, WRONG_CREDENTIALS } from "./harness";
import { FIXTURES, stageLegacyModel } from "./legacy-model";

/** Debian's AWS CLI; the `aws` first on PATH on these machines is a different (pyenv) shim. */
const AWS = "/usr/bin/aws";
const run = promisify(execFile);

let engine: TestEngine;
let workDir = "";

/** The CLI signs with the engine's credentials file and profile, as lib/engine/README.md tells users to. */
async function aws(...args: string[]): Promise<string> {
  return awsWith(TEST_CREDENTIALS_FILE, ...args);
}

async function awsWith(credentialsFile: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(AWS, ["--endpoint-url", engine.endpoint, "--output", "json", ...args], {
    env: {
      NODE_ENV: "test",
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: workDir,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_PROFILE: "ferry",
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
  return stdout;
}

async function awsJson<T>(...args: string[]): Promise<T> {
  return JSON.parse(await aws(...args)) as T;
}

(existsSync(AWS) ? describe : describe.skip)("conformance with Debian's AWS CLI", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    workDir = await makeTempDir("awscli");
    await stageLegacyModel(engine, "cli-bucket");
  });
  afterAll(async () => {
    await engine?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("creates a state machine, starts and describes an execution, reads its history", async () => {
    const definition = JSON.stringify({
      StartAt: "Job",
      States: {
        Job: {
          Type: "Task",
          Resource: "arn:aws:states:::sagemaker:createProcessingJob.sync",
          Parameters: {
            "ProcessingJobName.$": "$$.Execution.Name",
            ProcessingInputs: [
              { InputName: "data", S3Input: { S3Uri: "s3://cli-bucket/data/input/", LocalPath: "/opt/ml/processing/input/data", S3DataType: "S3Prefix", S3InputMode: "File" } },
              { InputName: "code", S3Input: { S3Uri: "s3://cli-bucket/code/scripts/", LocalPath: "/opt/ml/processing/input/scripts", S3DataType: "S3Prefix", S3InputMode: "File" } },
            ],
            ProcessingOutputConfig: { Outputs: [{ OutputName: "out", S3Output: { S3Uri: "s3://cli-bucket/cli-out/", LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }] },
            ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 20 } },
            StoppingCondition: { MaxRuntimeInSeconds: 300 },
            AppSpecification: {
              ImageUri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3",
              ContainerEntrypoint: ["python3", "/opt/ml/processing/input/scripts/preprocess.py"],
            },
            RoleArn: TEST_ROLE,
          },
          End: true,
        },
      },
    });
    const created = await awsJson<{ stateMachineArn: string }>(
      "stepfunctions", "create-state-machine", "--name", "cli-machine", "--definition", definition, "--role-arn", TEST_ROLE,
    );
    expect(created.stateMachineArn).toMatch(/:stateMachine:cli-machine$/);
    const started = await awsJson<{ executionArn: string }>(
      "stepfunctions", "start-execution", "--state-machine-arn", created.stateMachineArn, "--name", "cli-run-1", "--input", '{"from":"cli"}',
    );
    let described: { status: string; input: string } = { status: "RUNNING", input: "" };
    for (let i = 0; i < 200 && described.status === "RUNNING"; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      described = await awsJson("stepfunctions", "describe-execution", "--execution-arn", started.executionArn);
    }
    expect(described).toMatchObject({ status: "SUCCEEDED", input: '{"from":"cli"}' });
    const history = await awsJson<{ events: { type: string; id: number }[] }>(
      "stepfunctions", "get-execution-history", "--execution-arn", started.executionArn,
    );
    expect(history.events[0]).toMatchObject({ type: "ExecutionStarted", id: 1 });
    expect(history.events.map((e) => e.type)).toContain("TaskSucceeded");
    expect(history.events.at(-1)?.type).toBe("ExecutionSucceeded");

    const job = await awsJson<{ ProcessingJobStatus: string; ProcessingJobName: string }>(
      "sagemaker", "describe-processing-job", "--processing-job-name", "cli-run-1",
    );
    expect(job).toMatchObject({ ProcessingJobName: "cli-run-1", ProcessingJobStatus: "Completed" });
    expect(await aws("s3", "ls", "s3://cli-bucket/cli-out/")).toContain("features.csv");
  }, 60_000);

  it("is refused, with AWS's errors, when its profile holds other credentials", async () => {
    const wrongFile = path.join(workDir, "wrong-credentials");
    await writeFile(wrongFile, formatCredentialsFile(WRONG_CREDENTIALS));
    await expect(awsWith(wrongFile, "stepfunctions", "list-state-machines")).rejects.toThrow(/UnrecognizedClientException/);
    await expect(awsWith(wrongFile, "s3", "cp", path.join(FIXTURES, "data", "customers.csv"), "s3://cli-bucket/wrong/customers.csv")).rejects.toThrow(/InvalidAccessKeyId/);
    expect(await aws("s3", "ls", "s3://cli-bucket/")).not.toContain("wrong/");
  });

  it("copies objects in and out with s3 cp, lists them with s3 ls", async () => {
    const source = path.join(FIXTURES, "data", "customers.csv");
    await aws("s3", "cp", source, "s3://cli-bucket/cli/in put/customers ü.csv");
    const big = path.join(workDir, "big.bin");
    await writeFile(big, Buffer.alloc(12 * 1024 * 1024, 7));
    // Above the CLI's 8 MB threshold, so this goes through multipart upload.
    await aws("s3", "cp", big, "s3://cli-bucket/cli/big.bin");
    const listing = await aws("s3", "ls", "s3://cli-bucket/cli/", "--recursive");
    expect(listing).toContain("cli/in put/customers ü.csv");
    expect(listing).toContain("cli/big.bin");
    const top = await aws("s3", "ls", "s3://cli-bucket/cli/");
    expect(top).toContain("PRE in put/");

    const back = path.join(workDir, "back.csv");
    await aws("s3", "cp", "s3://cli-bucket/cli/in put/customers ü.csv", back);
    expect(await readFile(back, "utf8")).toBe(await readFile(source, "utf8"));
    const bigBack = path.join(workDir, "big-back.bin");
    await aws("s3", "cp", "s3://cli-bucket/cli/big.bin", bigBack);
    expect((await readFile(bigBack)).equals(await readFile(big))).toBe(true);
  }, 60_000);
});

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateProcessingJobCommand,
  DescribeProcessingJobCommand,
  paginateListProcessingJobs,
  ListProcessingJobsCommand,
  ResourceInUse,
  StopProcessingJobCommand,
  type CreateProcessingJobCommandInput,
  type DescribeProcessingJobCommandOutput,
} from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, TEST_CREDENTIALS, TEST_ROLE, type TestEngine } from "./harness";

/** SageMaker Processing over HTTP with the AWS SDK and the AWS CLI against the real engine. */

const run = promisify(execFile);
const bucket = "ferry-processing-test";
const SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine({ maxConcurrentJobs: 2 });
  await engine.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await put("data/in.csv", "a,b\n1,2\n3,4\n");
  await put("code/preprocess.py", `import pandas as pd
frame = pd.read_csv("/opt/ml/processing/input/data/in.csv")
frame["c"] = frame["a"] + frame["b"]
frame.to_csv("/opt/ml/processing/output/out.csv", index=False)
`);
  await put("code/sleep.py", "import time\ntime.sleep(60)\n");
});
afterAll(async () => engine?.close());

async function put(key: string, body: string): Promise<void> {
  await engine.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

function job(name: string, script: string, maxRuntime = 120): CreateProcessingJobCommandInput {
  return {
    ProcessingJobName: name,
    RoleArn: TEST_ROLE,
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 20 } },
    StoppingCondition: { MaxRuntimeInSeconds: maxRuntime },
    AppSpecification: { ImageUri: SKLEARN, ContainerEntrypoint: ["python", `/opt/ml/processing/input/scripts/${script}`] },
    ProcessingInputs: [
      { InputName: "input_data", S3Input: { S3Uri: `s3://${bucket}/data/`, LocalPath: "/opt/ml/processing/input/data/", S3DataType: "S3Prefix", S3InputMode: "File" } },
      { InputName: "scripts", S3Input: { S3Uri: `s3://${bucket}/code/`, LocalPath: "/opt/ml/processing/input/scripts/", S3DataType: "S3Prefix", S3InputMode: "File" } },
    ],
    ProcessingOutputConfig: {
      Outputs: [{ OutputName: "output_data", S3Output: { S3Uri: `s3://${bucket}/out/${name}/`, LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }],
    },
  };
}

async function describeJob(name: string): Promise<DescribeProcessingJobCommandOutput> {
  return engine.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
}

async function untilStatus(name: string, statuses: string[], timeoutMs = 30_000): Promise<DescribeProcessingJobCommandOutput> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const described = await describeJob(name);
    if (statuses.includes(described.ProcessingJobStatus ?? "")) return described;
    if (Date.now() > end) throw new Error(`${name} is still ${described.ProcessingJobStatus}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("SageMaker Processing over HTTP", () => {
  it("creates, runs and describes a job with SDK types, and uploads its output to S3", async () => {
    const created = await engine.sagemaker.send(new CreateProcessingJobCommand(job("sdk-preprocess", "preprocess.py")));
    expect(created.ProcessingJobArn).toBe("arn:aws:sagemaker:us-east-1:000000000000:processing-job/sdk-preprocess");
    const done = await untilStatus("sdk-preprocess", ["Completed", "Failed"]);
    expect(done.FailureReason).toBeUndefined();
    expect(done.ProcessingJobStatus).toBe("Completed");
    expect(done.CreationTime).toBeInstanceOf(Date);
    expect(done.ProcessingEndTime?.getTime()).toBeGreaterThanOrEqual(done.ProcessingStartTime?.getTime() ?? Infinity);
    expect(done.ProcessingInputs?.[1]?.S3Input?.LocalPath).toBe("/opt/ml/processing/input/scripts/");
    const out = await engine.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "out/sdk-preprocess/out.csv" }));
    expect(await out.Body?.transformToString()).toBe("a,b,c\n1,2,3\n3,4,7\n");
  });

  it("raises the SDK's typed errors: ResourceInUse, ValidationException (for a missing job too, as SageMaker does)", async () => {
    await engine.sagemaker.send(new CreateProcessingJobCommand(job("sdk-duplicate", "preprocess.py")));
    await expect(engine.sagemaker.send(new CreateProcessingJobCommand(job("sdk-duplicate", "preprocess.py")))).rejects.toBeInstanceOf(ResourceInUse);
    await expect(describeJob("sdk-missing")).rejects.toMatchObject({ name: "ValidationException", message: "Could not find requested job with name sdk-missing" });
    await expect(engine.sagemaker.send(new CreateProcessingJobCommand(job("bad_name", "preprocess.py")))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("at 'processingJobName' failed to satisfy constraint"),
    });
    await expect(engine.sagemaker.send(new CreateProcessingJobCommand(job("sdk-too-long", "preprocess.py", 777601)))).rejects.toMatchObject({
      name: "ValidationException",
    });
    await untilStatus("sdk-duplicate", ["Completed"]);
  });

  it("stops a running job: Stopping, then Stopped; a finished job cannot be stopped", async () => {
    await engine.sagemaker.send(new CreateProcessingJobCommand(job("sdk-stop", "sleep.py")));
    await untilStatus("sdk-stop", ["InProgress"]);
    await expect.poll(async () => (await describeJob("sdk-stop")).ProcessingStartTime, { timeout: 10_000 }).toBeInstanceOf(Date);
    await engine.sagemaker.send(new StopProcessingJobCommand({ ProcessingJobName: "sdk-stop" }));
    expect(["Stopping", "Stopped"]).toContain((await describeJob("sdk-stop")).ProcessingJobStatus);
    expect((await untilStatus("sdk-stop", ["Stopped"])).ProcessingEndTime).toBeInstanceOf(Date);
    await expect(engine.sagemaker.send(new StopProcessingJobCommand({ ProcessingJobName: "sdk-stop" }))).rejects.toMatchObject({ name: "ValidationException" });
  });

  it("stops a job past MaxRuntimeInSeconds", async () => {
    await engine.sagemaker.send(new CreateProcessingJobCommand(job("sdk-timeout", "sleep.py", 1)));
    const done = await untilStatus("sdk-timeout", ["Completed", "Failed", "Stopped"]);
    expect(done.ProcessingJobStatus).toBe("Stopped");
    expect(done.FailureReason).toContain("MaxRuntimeInSeconds");
  });

  it("lists with filters and pages", async () => {
    const completed = await engine.sagemaker.send(new ListProcessingJobsCommand({ StatusEquals: "Completed", NameContains: "sdk-" }));
    expect(completed.ProcessingJobSummaries?.map((s) => s.ProcessingJobName)).toEqual(expect.arrayContaining(["sdk-preprocess", "sdk-duplicate"]));
    expect(completed.ProcessingJobSummaries?.every((s) => s.ProcessingJobStatus === "Completed")).toBe(true);
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListProcessingJobs({ client: engine.sagemaker, pageSize: 1 }, { SortBy: "Name" })) {
      pages += 1;
      names.push(...(page.ProcessingJobSummaries ?? []).map((s) => s.ProcessingJobName ?? ""));
    }
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(names).toEqual([...names].sort());
  });

  it("describes and lists processing jobs with the AWS CLI", async () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_PAGER: "",
    };
    const cli = async (...args: string[]) =>
      JSON.parse((await run("/usr/bin/aws", ["sagemaker", ...args, "--endpoint-url", engine.endpoint, "--output", "json"], { env })).stdout) as Record<string, unknown>;
    const described = await cli("describe-processing-job", "--processing-job-name", "sdk-preprocess");
    expect(described).toMatchObject({ ProcessingJobName: "sdk-preprocess", ProcessingJobStatus: "Completed" });
    expect(typeof described.CreationTime).toBe("string");
    const listed = await cli("list-processing-jobs", "--name-contains", "sdk-preprocess");
    expect(listed.ProcessingJobSummaries).toEqual([expect.objectContaining({ ProcessingJobName: "sdk-preprocess" })]);
    await expect(cli("describe-processing-job", "--processing-job-name", "sdk-missing")).rejects.toThrow(/ValidationException/);
    const created = await cli("create-processing-job", "--cli-input-json", JSON.stringify(job("cli-created", "preprocess.py")));
    expect(created.ProcessingJobArn).toContain(":processing-job/cli-created");
    expect((await untilStatus("cli-created", ["Completed", "Failed"])).ProcessingJobStatus).toBe("Completed");
  });
});

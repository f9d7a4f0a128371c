import { DescribeProcessingJobCommand, StopProcessingJobCommand } from "@aws-sdk/client-sagemaker";
import { StopExecutionCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "./harness";
import { FRAMEWORK_IMAGE, processingStep, readObject, stageLegacyModel, threeStepDefinition, threeStepInput } from "./legacy-model";
import { createMachine, historyOf, start, types, waitFor, waitForExecution } from "./sfn-helpers";

let engine: TestEngine;
const bucket = "ferry-pipeline";

beforeAll(async () => {
  engine = await startTestEngine();
  await stageLegacyModel(engine, bucket);
});
afterAll(async () => engine?.close());

async function jobStatus(name: string): Promise<string | undefined> {
  const job = await engine.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
  return job.ProcessingJobStatus;
}

/** A one-step machine running `code/<folder>/preprocess.py`, with the job name taken from the input. */
function singleStep(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const step = processingStep({ suffix: "x", inputPath: "$", image: "framework", script: "preprocess.py", extra });
  const parameters = { ...(step.Parameters as Record<string, unknown>), "ProcessingJobName.$": "$.JobName" };
  return { StartAt: "Job", States: { Job: { ...step, Parameters: parameters } } };
}

function singleInput(folder: string, jobName: string, maxRuntime = 600): Record<string, unknown> {
  return {
    JobName: jobName,
    InputUri: `s3://${bucket}/data/input/`,
    OutputUri: `s3://${bucket}/single/${jobName}/`,
    CodeUri: `s3://${bucket}/code/${folder}/`,
    ImageUri: FRAMEWORK_IMAGE,
    MaxRuntimeInSeconds: maxRuntime,
  };
}

describe("three-step legacy pipeline (Ferry's own definition)", () => {
  let machine = "";
  beforeAll(async () => {
    machine = await createMachine(engine.sfn, threeStepDefinition, "legacy-model-pipeline");
  });

  it("runs three real jobs to SUCCEEDED and writes the report", async () => {
    const arn = await start(engine.sfn, machine, threeStepInput(bucket, "run1"), "run1");
    const out = await waitForExecution(engine.sfn, arn, undefined, 120_000);
    expect(out.status).toBe("SUCCEEDED");
    for (const job of ["run1-pre", "run1-inf", "run1-post"]) expect(await jobStatus(job)).toBe("Completed");
    const report = JSON.parse(await readObject(engine.s3, bucket, "runs/run1/report/report.json")) as { rows: number };
    expect(report.rows).toBe(40);

    const events = await historyOf(engine.sfn, arn);
    expect(types(events).filter((t) => t === "TaskSucceeded")).toHaveLength(3);
    const scheduled = events.find((e) => e.type === "TaskScheduled")?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resourceType: "sagemaker", resource: "createProcessingJob.sync", region: "us-east-1" });
    expect(JSON.parse(scheduled?.parameters ?? "{}")).toMatchObject({ ProcessingJobName: "run1-pre" });
    expect(types(events)).toContain("TaskSubmitted");
    const succeeded = JSON.parse(events.find((e) => e.type === "TaskSucceeded")?.taskSucceededEventDetails?.output ?? "{}");
    expect(succeeded).toMatchObject({ ProcessingJobName: "run1-pre", ProcessingJobStatus: "Completed" });
    expect(typeof succeeded.CreationTime).toBe("number");
  }, 150_000);

  it("runs again with a new execution name, since job names derive from it", async () => {
    const arn = await start(engine.sfn, machine, threeStepInput(bucket, "run2"), "run2");
    expect((await waitForExecution(engine.sfn, arn, undefined, 120_000)).status).toBe("SUCCEEDED");
    expect(await readObject(engine.s3, bucket, "runs/run2/report/report.json")).toContain('"rows": 40');
  }, 150_000);
});

describe("createProcessingJob without .sync", () => {
  it("returns the job's ARN at once while the job runs on", async () => {
    const definition = singleStep() as { States: { Job: Record<string, unknown> } };
    definition.States.Job.Resource = "arn:aws:states:::sagemaker:createProcessingJob";
    definition.States.Job.ResultPath = "$.created";
    const machine = await createMachine(engine.sfn, definition);
    const arn = await start(engine.sfn, machine, singleInput("slow", "fire-and-forget"));
    const out = await waitForExecution(engine.sfn, arn, undefined, 30_000);
    expect(out.status).toBe("SUCCEEDED");
    const output = JSON.parse(out.output ?? "{}") as { created: { ProcessingJobArn: string } };
    expect(output.created.ProcessingJobArn).toMatch(/:processing-job\/fire-and-forget$/);
    expect(await jobStatus("fire-and-forget")).toBe("InProgress");
    await engine.sagemaker.send(new StopProcessingJobCommand({ ProcessingJobName: "fire-and-forget" }));
  }, 60_000);
});

describe("processing job failures", () => {
  it("fails the execution when a job name is reused, as AWS does", async () => {
    const machine = await createMachine(engine.sfn, singleStep());
    const first = await start(engine.sfn, machine, singleInput("scripts", "reused-name"));
    expect((await waitForExecution(engine.sfn, first, undefined, 60_000)).status).toBe("SUCCEEDED");
    const second = await start(engine.sfn, machine, singleInput("scripts", "reused-name"));
    const out = await waitForExecution(engine.sfn, second, undefined, 60_000);
    expect(out).toMatchObject({ status: "FAILED", error: "SageMaker.AmazonSageMakerException" });
    expect(out.cause).toContain("reused-name");
  }, 120_000);

  it("fails the execution with the Python error in the cause when a script raises", async () => {
    const machine = await createMachine(engine.sfn, singleStep());
    const arn = await start(engine.sfn, machine, singleInput("failing", "raises-1"));
    const out = await waitForExecution(engine.sfn, arn, undefined, 60_000);
    expect(out).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
    expect(out.cause).toContain("ValueError: column 'age' has non-numeric value 'n/a' on line 3");
    const description = JSON.parse(out.cause ?? "{}") as { ProcessingJobStatus?: string; FailureReason?: string };
    expect(description.ProcessingJobStatus).toBe("Failed");
    expect(await jobStatus("raises-1")).toBe("Failed");
  }, 90_000);

  it("retries a failed job and then catches the failure", async () => {
    const step = processingStep({
      suffix: "x",
      inputPath: "$",
      image: "framework",
      script: "preprocess.py",
      extra: {
        Retry: [{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 1, MaxAttempts: 1 }],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "Report" }],
      },
    });
    // Each attempt needs its own job name, as in AWS: the name includes the attempt's UUID.
    const parameters = { ...(step.Parameters as Record<string, unknown>), "ProcessingJobName.$": "States.Format('retry-{}', States.UUID())" };
    const machine = await createMachine(engine.sfn, {
      StartAt: "Job",
      States: { Job: { ...step, Parameters: parameters, End: undefined, Next: "Done" }, Done: { Type: "Succeed" }, Report: { Type: "Pass", End: true } },
    });
    const arn = await start(engine.sfn, machine, singleInput("failing", "unused"));
    const out = await waitForExecution(engine.sfn, arn, undefined, 90_000);
    expect(out.status).toBe("SUCCEEDED");
    const output = JSON.parse(out.output ?? "{}") as { failure?: { Error: string; Cause: string } };
    expect(output.failure?.Error).toBe("States.TaskFailed");
    expect(output.failure?.Cause).toContain("ValueError");
    const events = types(await historyOf(engine.sfn, arn));
    expect(events.filter((t) => t === "TaskScheduled")).toHaveLength(2);
    expect(events.at(-2)).toBe("PassStateExited");
  }, 120_000);

  it("stops the running job when the execution is stopped", async () => {
    const machine = await createMachine(engine.sfn, singleStep());
    const arn = await start(engine.sfn, machine, singleInput("slow", "stopped-1"));
    await waitFor(async () => (await jobStatus("stopped-1").catch(() => undefined)) === "InProgress");
    await engine.sfn.send(new StopExecutionCommand({ executionArn: arn, cause: "operator stop" }));
    expect((await waitForExecution(engine.sfn, arn)).status).toBe("ABORTED");
    await waitFor(async () => (await jobStatus("stopped-1")) === "Stopped", 30_000);
  }, 60_000);

  it("fails a job that runs past MaxRuntimeInSeconds", async () => {
    const machine = await createMachine(engine.sfn, singleStep());
    const arn = await start(engine.sfn, machine, singleInput("slow", "too-slow-1", 1));
    const out = await waitForExecution(engine.sfn, arn, undefined, 60_000);
    expect(out).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
    expect(out.cause).toContain("MaxRuntimeInSeconds");
    expect(await jobStatus("too-slow-1")).toBe("Stopped");
  }, 90_000);
});


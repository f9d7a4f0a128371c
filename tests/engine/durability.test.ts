import { rm } from "node:fs/promises";
import { GetObjectCommand, CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribeProcessingJobCommand } from "@aws-sdk/client-sagemaker";
import { DescribeExecutionCommand, DescribeStateMachineCommand } from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, type TestEngine } from "./harness";
import { FRAMEWORK_IMAGE, processingStep, stageLegacyModel } from "./legacy-model";
import { createMachine, historyOf, start, types, waitFor, waitForExecution } from "./sfn-helpers";

const engines: TestEngine[] = [];
let dataDir = "";

afterAll(async () => {
  for (const engine of engines) await engine.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("engine restart", () => {
  it("keeps state machines, executions, histories and objects, and fails what was running", async () => {
    dataDir = await makeTempDir("durability");
    const first = await startTestEngine({ dataDir });
    engines.push(first);
    const machine = await createMachine(first.sfn, { StartAt: "P", States: { P: { Type: "Pass", Result: 42, End: true } } });
    const done = await start(first.sfn, machine, { a: 1 }, "finished");
    await waitForExecution(first.sfn, done);
    const waiting = await createMachine(first.sfn, { StartAt: "W", States: { W: { Type: "Wait", Seconds: 600, End: true } } });
    const running = await start(first.sfn, waiting, {}, "interrupted");
    await first.s3.send(new CreateBucketCommand({ Bucket: "durable" }));
    await first.s3.send(new PutObjectCommand({ Bucket: "durable", Key: "kept/ü.txt", Body: "still here" }));
    await first.close();

    const second = await startTestEngine({ dataDir });
    engines.push(second);
    const described = await second.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machine }));
    expect(JSON.parse(described.definition ?? "").States.P.Result).toBe(42);
    const finished = await second.sfn.send(new DescribeExecutionCommand({ executionArn: done }));
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "42" });
    expect(types(await historyOf(second.sfn, done))).toEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);

    const interrupted = await second.sfn.send(new DescribeExecutionCommand({ executionArn: running }));
    expect(interrupted).toMatchObject({ status: "FAILED", error: "States.Runtime", cause: "engine restarted while the execution was running" });
    const events = await historyOf(second.sfn, running);
    expect(types(events)).toEqual(["ExecutionStarted", "WaitStateEntered", "ExecutionFailed"]);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3]);

    const object = await second.s3.send(new GetObjectCommand({ Bucket: "durable", Key: "kept/ü.txt" }));
    expect(await object.Body?.transformToString()).toBe("still here");
  });
});

describe("engine restart during a processing job", () => {
  let engineDir = "";
  afterAll(async () => {
    if (engineDir) await rm(engineDir, { recursive: true, force: true });
  });

  it("fails the execution and its job with clear causes, and the history stays consistent", async () => {
    engineDir = await makeTempDir("durability-job");
    const first = await startTestEngine({ dataDir: engineDir });
    engines.push(first);
    await stageLegacyModel(first, "restart-bucket");
    const step = processingStep({ suffix: "slow", inputPath: "$", image: "framework", script: "preprocess.py" });
    const machine = await createMachine(first.sfn, { StartAt: "Slow", States: { Slow: step } });
    const arn = await start(first.sfn, machine, {
      InputUri: "s3://restart-bucket/data/input/",
      OutputUri: "s3://restart-bucket/out/",
      CodeUri: "s3://restart-bucket/code/slow/",
      ImageUri: FRAMEWORK_IMAGE,
      MaxRuntimeInSeconds: 600,
    }, "cut-off");
    await waitFor(async () => {
      const job = await first.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: "cut-off-slow" })).catch(() => undefined);
      return job?.ProcessingJobStatus === "InProgress";
    });
    await first.close();

    const second = await startTestEngine({ dataDir: engineDir });
    engines.push(second);
    const out = await second.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(out).toMatchObject({ status: "FAILED", cause: "engine restarted while the execution was running" });
    const job = await second.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: "cut-off-slow" }));
    expect(job.ProcessingJobStatus).toBe("Failed");
    expect(job.FailureReason).toMatch(/engine/i);
    const events = await historyOf(second.sfn, arn);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.type).toBe("ExecutionFailed");
  }, 90_000);
});

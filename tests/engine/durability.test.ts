import { rm } from "node:fs/promises";
import { GetObjectCommand, CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribeExecutionCommand, DescribeStateMachineCommand } from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, type TestEngine } from "./harness";
import { createMachine, historyOf, start, types, waitForExecution } from "./sfn-helpers";

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

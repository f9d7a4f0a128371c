import { DescribeExecutionCommand, ExecutionNotRedrivable, RedriveExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "./harness";
import { createMachine, historyOf, runToEnd, start, types, waitForExecution } from "./sfn-helpers";

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

/** A Task the engine cannot run fails with a known error: a real failure to exercise Retry and Catch. */
const failingTask = { Type: "Task", Resource: "arn:aws:states:::lambda:invoke" };

describe("states", () => {
  it("routes Choice rules and fails through a Fail state with its error and cause", async () => {
    const definition = {
      StartAt: "Route",
      States: {
        Route: {
          Type: "Choice",
          Choices: [
            { Variable: "$.n", NumericGreaterThan: 10, Next: "Big" },
            { And: [{ Variable: "$.n", NumericGreaterThanEquals: 0 }, { Variable: "$.kind", StringEquals: "small" }], Next: "Small" },
          ],
          Default: "Reject",
        },
        Big: { Type: "Pass", Result: "big", End: true },
        Small: { Type: "Pass", Result: "small", End: true },
        Reject: { Type: "Fail", Error: "Rejected", Cause: "no rule matched" },
      },
    };
    expect((await runToEnd(engine.sfn, definition, { n: 11 })).output).toBe('"big"');
    expect((await runToEnd(engine.sfn, definition, { n: 1, kind: "small" })).output).toBe('"small"');
    const failed = await runToEnd(engine.sfn, definition, { n: -1 });
    expect(failed).toMatchObject({ status: "FAILED", error: "Rejected", cause: "no rule matched" });
  });

  it("retries as the Retry field says, then catches into the fallback with the error at ResultPath", async () => {
    const machine = await createMachine(engine.sfn, {
      StartAt: "Call",
      States: {
        Call: {
          ...failingTask,
          Retry: [{ ErrorEquals: ["Ferry.UnsupportedResource"], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "Fallback" }],
          Next: "Unreached",
        },
        Unreached: { Type: "Succeed" },
        Fallback: { Type: "Pass", End: true },
      },
    });
    const arn = await start(engine.sfn, machine, { id: 7 });
    const out = await waitForExecution(engine.sfn, arn);
    expect(out.status).toBe("SUCCEEDED");
    const output = JSON.parse(out.output ?? "") as { id: number; failure: { Error: string; Cause: string } };
    expect(output.id).toBe(7);
    expect(output.failure.Error).toBe("Ferry.UnsupportedResource");
    expect(output.failure.Cause).toContain("arn:aws:states:::lambda:invoke");
    const events = types(await historyOf(engine.sfn, arn));
    // One attempt plus two retries, each scheduled and failed, then the catch leaves the state.
    expect(events.filter((t) => t === "TaskScheduled")).toHaveLength(3);
    expect(events.filter((t) => t === "TaskFailed")).toHaveLength(3);
    expect(events.slice(-4)).toEqual(["TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
  });

  it("fails the execution with the task's error when nothing catches it", async () => {
    const out = await runToEnd(engine.sfn, { StartAt: "Call", States: { Call: { ...failingTask, End: true } } });
    expect(out).toMatchObject({ status: "FAILED", error: "Ferry.UnsupportedResource" });
    expect(out.cause).toContain("lambda:invoke");
  });

  it("does not catch an error the catcher does not name", async () => {
    const out = await runToEnd(engine.sfn, {
      StartAt: "Call",
      States: {
        Call: { ...failingTask, Catch: [{ ErrorEquals: ["Other.Error"], Next: "Fallback" }], End: true },
        Fallback: { Type: "Pass", End: true },
      },
    });
    expect(out.status).toBe("FAILED");
  });

  it("runs Map iterations with the context object and intrinsic functions", async () => {
    const machine = await createMachine(engine.sfn, {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemsPath: "$.items",
          ItemSelector: { "value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index" },
          ItemProcessor: {
            ProcessorConfig: { Mode: "INLINE" },
            StartAt: "Label",
            States: { Label: { Type: "Pass", Parameters: { "label.$": "States.Format('{}#{}', $.value, $.index)" }, End: true } },
          },
          End: true,
        },
      },
    });
    const arn = await start(engine.sfn, machine, { items: ["a", "b", "c"] });
    const out = await waitForExecution(engine.sfn, arn);
    expect(JSON.parse(out.output ?? "")).toEqual([{ label: "a#0" }, { label: "b#1" }, { label: "c#2" }]);
    const events = types(await historyOf(engine.sfn, arn));
    expect(events.filter((t) => t === "MapIterationSucceeded")).toHaveLength(3);
    expect(events).toContain("MapStateEntered");
    expect(events.indexOf("MapStateSucceeded")).toBeLessThan(events.indexOf("MapStateExited"));
  });

  it("orders task events after the state's entry, inside concurrent Map iterations too", async () => {
    const machine = await createMachine(engine.sfn, {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemProcessor: {
            ProcessorConfig: { Mode: "INLINE" },
            StartAt: "Call",
            States: {
              Call: { ...failingTask, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Recovered" }], End: true },
              Recovered: { Type: "Pass", Result: "ok", End: true },
            },
          },
          End: true,
        },
      },
    });
    const arn = await start(engine.sfn, machine, [1, 2, 3, 4]);
    expect((await waitForExecution(engine.sfn, arn)).output).toBe('["ok","ok","ok","ok"]');
    let entered = 0;
    let scheduled = 0;
    for (const type of types(await historyOf(engine.sfn, arn))) {
      if (type === "TaskStateEntered") entered += 1;
      if (type === "TaskScheduled") scheduled += 1;
      expect(scheduled).toBeLessThanOrEqual(entered);
    }
    expect(scheduled).toBe(4);
  });

  it("runs Parallel branches and gathers their outputs in branch order", async () => {
    const out = await runToEnd(
      engine.sfn,
      {
        StartAt: "Both",
        States: {
          Both: {
            Type: "Parallel",
            Branches: [
              { StartAt: "Slow", States: { Slow: { Type: "Wait", Seconds: 1, Next: "One" }, One: { Type: "Pass", Result: 1, End: true } } },
              { StartAt: "Two", States: { Two: { Type: "Pass", Result: 2, End: true } } },
            ],
            End: true,
          },
        },
      },
      {},
    );
    expect(JSON.parse(out.output ?? "")).toEqual([1, 2]);
  });

  it("exposes the execution's context object", async () => {
    const machine = await createMachine(engine.sfn, {
      StartAt: "Ctx",
      States: {
        Ctx: {
          Type: "Pass",
          Parameters: {
            "name.$": "$$.Execution.Name",
            "id.$": "$$.Execution.Id",
            "machine.$": "$$.StateMachine.Id",
            "input.$": "$$.Execution.Input",
            "started.$": "$$.Execution.StartTime",
            "state.$": "$$.State.Name",
            "entered.$": "$$.State.EnteredTime",
          },
          ResultPath: "$.ctx",
          Next: "Branches",
        },
        // Named like the Parallel field on purpose: asl-validator trips over it, the engine must not.
        Branches: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Left", States: { Left: { Type: "Pass", Parameters: { "state.$": "$$.State.Name" }, End: true } } },
            { StartAt: "Right", States: { Right: { Type: "Pass", Parameters: { "state.$": "$$.State.Name" }, End: true } } },
          ],
          ResultPath: "$.branches",
          End: true,
        },
      },
    });
    const began = Date.now();
    const arn = await start(engine.sfn, machine, { q: 1 }, "ctx-run");
    const output = JSON.parse((await waitForExecution(engine.sfn, arn)).output ?? "") as {
      ctx: Record<string, unknown>;
      branches: unknown[];
    };
    expect(output.ctx).toMatchObject({ name: "ctx-run", id: arn, machine, input: { q: 1 }, state: "Ctx" });
    expect(Date.parse(String(output.ctx.started))).not.toBeNaN();
    expect(Date.parse(String(output.ctx.entered))).toBeGreaterThanOrEqual(began - 1000);
    expect(output.branches).toEqual([{ state: "Left" }, { state: "Right" }]);
  });

  it("waits for the given seconds", async () => {
    const began = Date.now();
    const out = await runToEnd(engine.sfn, { StartAt: "W", States: { W: { Type: "Wait", Seconds: 1, End: true } } });
    expect(out.status).toBe("SUCCEEDED");
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
  });

  it("times out an execution past TimeoutSeconds", async () => {
    const out = await runToEnd(engine.sfn, { TimeoutSeconds: 1, StartAt: "W", States: { W: { Type: "Wait", Seconds: 30, End: true } } });
    expect(out).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout" });
  });
});

describe("stopping and redriving", () => {
  it("stops a running execution with the given error and cause", async () => {
    const machine = await createMachine(engine.sfn, { StartAt: "W", States: { W: { Type: "Wait", Seconds: 60, End: true } } });
    const arn = await start(engine.sfn, machine);
    const stopped = await engine.sfn.send(new StopExecutionCommand({ executionArn: arn, error: "Operator", cause: "changed my mind" }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const out = await engine.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(out.status).toBe("ABORTED");
    const events = await historyOf(engine.sfn, arn);
    expect(events.at(-1)).toMatchObject({ type: "ExecutionAborted", executionAbortedEventDetails: { error: "Operator", cause: "changed my mind" } });
  });

  it("redrives a failed execution from the failed state with its recorded input", async () => {
    const machine = await createMachine(engine.sfn, {
      StartAt: "Prepare",
      States: {
        Prepare: { Type: "Pass", Result: "prepared", ResultPath: "$.step", Next: "Check" },
        // No rule matches on the first run, so the execution fails in this state; the redrive passes.
        Check: { Type: "Choice", Choices: [{ Variable: "$$.Execution.RedriveCount", NumericEquals: 1, Next: "Done" }] },
        Done: { Type: "Pass", End: true },
      },
    });
    const arn = await start(engine.sfn, machine, { v: 1 });
    const failed = await waitForExecution(engine.sfn, arn);
    expect(failed).toMatchObject({ status: "FAILED", error: "States.NoChoiceMatched", redriveStatus: "REDRIVABLE" });

    const redriven = await engine.sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    const out = await waitForExecution(engine.sfn, arn, (o) => o.status !== "RUNNING");
    expect(out).toMatchObject({ status: "SUCCEEDED", redriveCount: 1 });
    expect(JSON.parse(out.output ?? "")).toEqual({ v: 1, step: "prepared" });
    const events = types(await historyOf(engine.sfn, arn));
    expect(events).toContain("ExecutionRedriven");
    // The redrive restarted at Check, not at Prepare: Prepare ran once, Check twice.
    expect(events.filter((t) => t === "ChoiceStateEntered")).toHaveLength(2);
    expect(events.filter((t) => t === "PassStateEntered")).toHaveLength(2);
    await expect(engine.sfn.send(new RedriveExecutionCommand({ executionArn: arn }))).rejects.toBeInstanceOf(
      ExecutionNotRedrivable,
    );
  });
});

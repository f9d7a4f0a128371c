// Step Functions behaviours AWS documents and the engine once got wrong (issue 12); each test names its source.
import { CreateStateMachineCommand, InvalidDefinition, ValidateStateMachineDefinitionCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, TEST_ROLE, type TestEngine } from "../harness";
import { createMachine, historyOf, runToEnd, start, types, uniqueName, waitForExecution } from "../sfn-helpers";

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

const passWhole = { StartAt: "Whole", States: { Whole: { Type: "Pass", Parameters: { "whole.$": "$" }, End: true } } };

describe("paths (Developer Guide: 'Specifying state output using ResultPath'; ASL spec 'Paths')", () => {
  it("ResultPath \"$\" replaces the state's input with its result", async () => {
    const out = await runToEnd(engine.sfn, { StartAt: "P", States: { P: { Type: "Pass", Result: { replaced: true }, ResultPath: "$", End: true } } }, { kept: "no" });
    expect(out.status).toBe("SUCCEEDED");
    expect(JSON.parse(out.output ?? "")).toEqual({ replaced: true });
  });

  it("a catcher's ResultPath \"$\" replaces the input with the error output", async () => {
    const out = await runToEnd(engine.sfn, {
      StartAt: "Call",
      States: {
        Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$", Next: "Done" }], End: true },
        Done: { Type: "Pass", End: true },
      },
    }, { kept: "no" });
    expect(Object.keys(JSON.parse(out.output ?? "{}") as object).sort()).toEqual(["Cause", "Error"]);
  });

  it.each([0, false, "", null])("\"$\" is the whole input when the input is %j", async (input) => {
    const out = await runToEnd(engine.sfn, passWhole, input);
    expect(out.status).toBe("SUCCEEDED");
    expect(JSON.parse(out.output ?? "")).toEqual({ whole: input });
  });

  it("\"$\" is the whole item in a Map over States.ArrayRange, 0 included", async () => {
    const out = await runToEnd(engine.sfn, {
      StartAt: "Range",
      States: {
        Range: { Type: "Pass", Parameters: { "items.$": "States.ArrayRange(0, 2, 1)" }, Next: "Each" },
        Each: { Type: "Map", ItemsPath: "$.items", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, ...passWhole }, End: true },
      },
    });
    expect(out.status).toBe("SUCCEEDED");
    expect(JSON.parse(out.output ?? "")).toEqual([{ whole: 0 }, { whole: 1 }, { whole: 2 }]);
  });
});

describe("Retry and Catch (ASL spec 'Retrying after error', 'Fallback states'): States.ALL alone and last", () => {
  const withErrors = (field: "Retry" | "Catch", lists: string[][]) => ({
    StartAt: "Call",
    States: {
      Call: {
        Type: "Task",
        Resource: "arn:aws:states:::sagemaker:createProcessingJob.sync",
        Parameters: {},
        [field]: lists.map((ErrorEquals) => (field === "Catch" ? { ErrorEquals, Next: "Done" } : { ErrorEquals })),
        Next: "Done",
      },
      Done: { Type: "Pass", End: true },
    },
  });

  it.each([
    ["Retry", [["States.ALL"], ["Custom.Error"]]],
    ["Retry", [["States.ALL", "Custom.Error"]]],
    ["Catch", [["States.ALL"], ["Custom.Error"]]],
    ["Catch", [["Custom.Error", "States.ALL"]]],
  ] as const)("%s %j is refused with InvalidDefinition, SCHEMA_VALIDATION_FAILED", async (field, lists) => {
    const definition = JSON.stringify(withErrors(field, lists.map((l) => [...l])));
    const create = engine.sfn.send(new CreateStateMachineCommand({ name: uniqueName("all"), definition, roleArn: TEST_ROLE }));
    await expect(create).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(create).rejects.toThrow(/SCHEMA_VALIDATION_FAILED: States\.ALL must appear alone in the last (retrier|catcher) at \/States\/Call\//);
    const validated = await engine.sfn.send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(validated.result).toBe("FAIL");
    expect(validated.diagnostics?.[0]?.code).toBe("SCHEMA_VALIDATION_FAILED");
  });

  it("States.ALL alone in the last retrier and catcher is accepted", async () => {
    const definition = withErrors("Retry", [["Custom.Error"], ["States.ALL"]]);
    expect(await createMachine(engine.sfn, definition)).toMatch(/:stateMachine:/);
    expect(await createMachine(engine.sfn, withErrors("Catch", [["Custom.Error"], ["States.ALL"]]))).toMatch(/:stateMachine:/);
  });

  it("checks nested states too, naming where", async () => {
    const nested = { StartAt: "Each", States: { Each: { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, ...withErrors("Retry", [["States.ALL", "X.Y"]]) }, End: true } } };
    const create = engine.sfn.send(new CreateStateMachineCommand({ name: uniqueName("nested"), definition: JSON.stringify(nested), roleArn: TEST_ROLE }));
    await expect(create).rejects.toThrow("/States/Each/ItemProcessor/States/Call/Retry/0/ErrorEquals");
  });
});

describe("history (API reference: HistoryEvent, MapStateStartedEventDetails)", () => {
  it("records MapStateStarted with the number of items, after MapStateEntered and before the first iteration", async () => {
    const machine = await createMachine(engine.sfn, {
      StartAt: "Each",
      States: { Each: { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } },
    });
    const arn = await start(engine.sfn, machine, ["a", "b", "c"]);
    await waitForExecution(engine.sfn, arn);
    const events = await historyOf(engine.sfn, arn);
    const started = events.find((e) => e.type === "MapStateStarted");
    expect(started?.mapStateStartedEventDetails).toEqual({ length: 3 });
    const order = types(events);
    expect(order.indexOf("MapStateEntered")).toBeLessThan(order.indexOf("MapStateStarted"));
    expect(order.indexOf("MapStateStarted")).toBeLessThan(order.indexOf("MapIterationStarted"));
  });
});

describe("payload limit (Developer Guide: 'Quotas', States.DataLimitExceeded)", () => {
  const half = "x".repeat(150 * 1024);

  it("fails the execution when a state's output in the middle exceeds 256 KiB", async () => {
    const out = await runToEnd(engine.sfn, {
      StartAt: "Double",
      States: {
        Double: { Type: "Pass", Parameters: { "a.$": "$.s", "b.$": "$.s" }, Next: "Small" },
        Small: { Type: "Pass", Result: "small", End: true },
      },
    }, { s: half });
    expect(out).toMatchObject({ status: "FAILED", error: "States.DataLimitExceeded" });
    expect(out.cause).toContain("'Double'");
  });

  it("is not caught by States.ALL", async () => {
    const out = await runToEnd(engine.sfn, {
      StartAt: "Wrap",
      States: {
        Wrap: {
          Type: "Parallel",
          Branches: [{ StartAt: "Double", States: { Double: { Type: "Pass", Parameters: { "a.$": "$.s", "b.$": "$.s" }, End: true } } }],
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Recovered" }],
          End: true,
        },
        Recovered: { Type: "Pass", Result: "caught", End: true },
      },
    }, { s: half });
    expect(out).toMatchObject({ status: "FAILED", error: "States.DataLimitExceeded" });
  });
});

import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  ResourceNotFound,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  ValidationException,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, TEST_ROLE, type TestEngine } from "./harness";
import { createMachine, historyOf, start, types, uniqueName, waitForExecution } from "./sfn-helpers";

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

const passThrough = { StartAt: "P", States: { P: { Type: "Pass", End: true } } };
const waitLong = { StartAt: "W", States: { W: { Type: "Wait", Seconds: 60, End: true } } };

describe("state machines", () => {
  it("creates, describes, updates, lists and deletes", async () => {
    const name = uniqueName("crud");
    const arn = await createMachine(engine.sfn, passThrough, name);
    expect(arn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:${name}`);
    const described = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ name, status: "ACTIVE", type: "STANDARD", roleArn: TEST_ROLE });
    expect(JSON.parse(described.definition ?? "")).toEqual(passThrough);
    expect(described.creationDate).toBeInstanceOf(Date);

    const updated = await engine.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(waitLong) }),
    );
    expect(updated.updateDate).toBeInstanceOf(Date);
    const after = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(JSON.parse(after.definition ?? "")).toEqual(waitLong);
    expect(after.revisionId).not.toBe(described.revisionId);

    const listed = await engine.sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name)).toContain(name);

    await engine.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).rejects.toBeInstanceOf(
      StateMachineDoesNotExist,
    );
  });

  it("is idempotent for an identical create and conflicts otherwise", async () => {
    const name = uniqueName("idem");
    const first = await createMachine(engine.sfn, passThrough, name);
    expect(await createMachine(engine.sfn, passThrough, name)).toBe(first);
    await expect(createMachine(engine.sfn, waitLong, name)).rejects.toBeInstanceOf(StateMachineAlreadyExists);
  });

  it("rejects invalid definitions, names and ARNs with AWS's exception types", async () => {
    const broken = { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } };
    await expect(createMachine(engine.sfn, broken)).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(
      engine.sfn.send(new CreateStateMachineCommand({ name: "x", definition: "{not json", roleArn: TEST_ROLE })),
    ).rejects.toBeInstanceOf(InvalidDefinition);
    for (const bad of ["has space", "a/b", "brace{"]) {
      await expect(createMachine(engine.sfn, passThrough, bad)).rejects.toBeInstanceOf(InvalidName);
    }
    // Over the model's 80 characters, AWS's request validation answers before the service looks at the name.
    await expect(createMachine(engine.sfn, passThrough, "x".repeat(81))).rejects.toMatchObject({ name: "ValidationException" });
    await expect(
      engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: "not-an-arn" })),
    ).rejects.toBeInstanceOf(InvalidArn);
  });

  it("validates a definition with AWS's diagnostics shape", async () => {
    const ok = await engine.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(passThrough) }));
    expect(ok).toMatchObject({ result: "OK", diagnostics: [] });
    const bad = await engine.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ StartAt: "A", States: {} }) }),
    );
    expect(bad.result).toBe("FAIL");
    expect(bad.diagnostics?.[0]).toMatchObject({ severity: "ERROR", code: expect.any(String), message: expect.any(String) });
  });

  it("tags state machines", async () => {
    const arn = await createMachine(engine.sfn, passThrough);
    await engine.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "team", value: "risk" }] }));
    await engine.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "team", value: "fraud" }] }));
    const tags = await engine.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(tags.tags).toEqual([{ key: "team", value: "fraud" }]);
    await engine.sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["team"] }));
    expect((await engine.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([]);
    await expect(
      engine.sfn.send(new ListTagsForResourceCommand({ resourceArn: `${arn}-missing` })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
  });
});

describe("executions", () => {
  it("returns the same execution for the same name and input while it runs, and conflicts otherwise", async () => {
    const machine = await createMachine(engine.sfn, waitLong);
    const first = await engine.sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: "same", input: '{"a":1}' }));
    const again = await engine.sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: "same", input: '{"a":1}' }));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    await expect(
      engine.sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: "same", input: '{"a":2}' })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("refuses to reuse the name of a closed execution", async () => {
    const machine = await createMachine(engine.sfn, passThrough);
    const arn = await start(engine.sfn, machine, {}, "once");
    await waitForExecution(engine.sfn, arn);
    await expect(start(engine.sfn, machine, {}, "once")).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("validates input: JSON, 256 KiB, and an existing state machine", async () => {
    const machine = await createMachine(engine.sfn, passThrough);
    await expect(
      engine.sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: "{oops" })),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
    const big = JSON.stringify({ blob: "x".repeat(256 * 1024) });
    await expect(
      engine.sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: big })),
    ).rejects.toBeInstanceOf(ValidationException);
    await expect(start(engine.sfn, `${machine}-gone`)).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(start(engine.sfn, machine, {}, "bad name")).rejects.toBeInstanceOf(InvalidName);
    await expect(
      engine.sfn.send(new DescribeExecutionCommand({ executionArn: `${machine.replace("stateMachine", "execution")}:nope` })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it("runs and describes each execution with the definition it started with", async () => {
    const machine = await createMachine(engine.sfn, waitLong);
    const arn = await start(engine.sfn, machine);
    await engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machine, definition: JSON.stringify(passThrough) }));
    const forExecution = await engine.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: arn }));
    expect(JSON.parse(forExecution.definition ?? "")).toEqual(waitLong);
    expect((await engine.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe("RUNNING");
    const later = await start(engine.sfn, machine);
    expect((await waitForExecution(engine.sfn, later)).status).toBe("SUCCEEDED");
    await engine.sfn.send(new StopExecutionCommand({ executionArn: arn }));
  });

  it("describes a finished execution with its output and dates", async () => {
    const machine = await createMachine(engine.sfn, { StartAt: "P", States: { P: { Type: "Pass", Result: { ok: true }, ResultPath: "$.r", End: true } } });
    const out = await waitForExecution(engine.sfn, await start(engine.sfn, machine, { x: 1 }));
    expect(out.status).toBe("SUCCEEDED");
    expect(JSON.parse(out.output ?? "")).toEqual({ x: 1, r: { ok: true } });
    expect(JSON.parse(out.input ?? "")).toEqual({ x: 1 });
    expect(out.stopDate?.getTime()).toBeGreaterThanOrEqual(out.startDate?.getTime() ?? Infinity);
    expect(out.redriveStatus).toBe("NOT_REDRIVABLE");
  });

  it("lists executions newest first, filtered by status, page by page", async () => {
    const machine = await createMachine(engine.sfn, { StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Variable: "$.fail", BooleanEquals: true, Next: "F" }], Default: "S" }, F: { Type: "Fail", Error: "Boom" }, S: { Type: "Succeed" } } });
    const arns: string[] = [];
    for (let i = 0; i < 5; i += 1) arns.push(await start(engine.sfn, machine, { fail: i % 2 === 0 }, `run-${i}`));
    for (const arn of arns) await waitForExecution(engine.sfn, arn);
    const failed = await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: "FAILED" }));
    expect(failed.executions?.map((e) => e.name).sort()).toEqual(["run-0", "run-2", "run-4"]);
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 2, nextToken }));
      names.push(...(page.executions ?? []).map((e) => e.name ?? ""));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(names).toEqual(["run-4", "run-3", "run-2", "run-1", "run-0"]);
    await expect(
      engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, nextToken: "not-a-token" })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 1001 })),
    ).rejects.toBeInstanceOf(ValidationException);
  });
});

describe("execution history", () => {
  it("has AWS's event types, details, ids and previous ids, reversible and paginated", async () => {
    const machine = await createMachine(engine.sfn, {
      StartAt: "First",
      States: {
        First: { Type: "Pass", Result: "hello", ResultPath: "$.greeting", Next: "Decide" },
        Decide: { Type: "Choice", Choices: [{ Variable: "$.go", BooleanEquals: true, Next: "Done" }] },
        Done: { Type: "Succeed" },
      },
    });
    const arn = await start(engine.sfn, machine, { go: true });
    await waitForExecution(engine.sfn, arn);
    const events = await historyOf(engine.sfn, arn);
    expect(types(events)).toEqual([
      "ExecutionStarted",
      "PassStateEntered",
      "PassStateExited",
      "ChoiceStateEntered",
      "ChoiceStateExited",
      "SucceedStateEntered",
      "SucceedStateExited",
      "ExecutionSucceeded",
    ]);
    events.forEach((event, index) => {
      expect(event.id).toBe(index + 1);
      expect(event.previousEventId).toBe(index);
      expect(event.timestamp).toBeInstanceOf(Date);
    });
    expect(events[0]?.executionStartedEventDetails).toMatchObject({ input: '{"go":true}', roleArn: TEST_ROLE });
    expect(events[1]?.stateEnteredEventDetails).toMatchObject({ name: "First", input: '{"go":true}' });
    expect(JSON.parse(events[2]?.stateExitedEventDetails?.output ?? "")).toEqual({ go: true, greeting: "hello" });
    expect(JSON.parse(events[7]?.executionSucceededEventDetails?.output ?? "")).toEqual({ go: true, greeting: "hello" });

    const reversed = await engine.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, maxResults: 3 }));
    expect(reversed.events?.map((e) => e.id)).toEqual([8, 7, 6]);
    const rest = await engine.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, maxResults: 3, nextToken: reversed.nextToken }),
    );
    expect(rest.events?.map((e) => e.id)).toEqual([5, 4, 3]);
    const noData = await engine.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, includeExecutionData: false }));
    expect(noData.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
  });
});

// SQS and EventBridge through Debian's AWS CLI 2.9 (SQS over the query protocol, as that CLI sends it), the
// way an operator would inspect Ferry's run events: the queue, the rule and its target, and a status event
// of an execution arriving in the queue. Needs Debian's awscli (fails, not skips, without it).
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_CREDENTIALS, TEST_REGION, TEST_ROLE, type TestEngine } from "./harness";
import { uniqueName } from "./sfn-helpers";

/** Debian's AWS CLI; the `aws` first on PATH on these machines is a different (pyenv) shim. */
const AWS = "/usr/bin/aws";
const run = promisify(execFile);
const ACCOUNT = "000000000000";

let engine: TestEngine;
let home = "";

async function aws<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const { stdout } = await run(AWS, ["--endpoint-url", engine.endpoint, "--output", "json", ...args], {
    env: {
      NODE_ENV: "test",
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
  return (stdout.trim() ? JSON.parse(stdout) : {}) as T;
}

async function failure(...args: string[]): Promise<string> {
  try {
    await aws(...args);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error(`aws ${args.join(" ")} succeeded; a refusal was expected`);
}

describe("run events with Debian's AWS CLI", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    home = await makeTempDir("awscli-events");
  });
  afterAll(async () => {
    await engine?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("sqs: create-queue, send-message, receive-message with long polling and attributes, delete-message", async () => {
    const { QueueUrl } = await aws<{ QueueUrl: string }>("sqs", "create-queue", "--queue-name", "cli-queue", "--attributes", "VisibilityTimeout=30");
    expect(QueueUrl).toBe(`${engine.endpoint}/${ACCOUNT}/cli-queue`);
    const sent = await aws<{ MessageId: string; MD5OfMessageBody: string }>("sqs", "send-message", "--queue-url", QueueUrl, "--message-body", "hello & <world>");
    expect(sent.MD5OfMessageBody).toMatch(/^[0-9a-f]{32}$/);
    const received = await aws<{ Messages: { MessageId: string; Body: string; ReceiptHandle: string; Attributes: Record<string, string> }[] }>(
      "sqs", "receive-message", "--queue-url", QueueUrl, "--wait-time-seconds", "2", "--attribute-names", "All", "--max-number-of-messages", "10",
    );
    expect(received.Messages).toEqual([expect.objectContaining({ MessageId: sent.MessageId, Body: "hello & <world>", Attributes: expect.objectContaining({ ApproximateReceiveCount: "1" }) })]);
    await aws("sqs", "delete-message", "--queue-url", QueueUrl, "--receipt-handle", received.Messages[0]?.ReceiptHandle ?? "");
    const attributes = await aws<{ Attributes: Record<string, string> }>("sqs", "get-queue-attributes", "--queue-url", QueueUrl, "--attribute-names", "All");
    expect(attributes.Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0", VisibilityTimeout: "30" });
  });

  it("sqs: a missing queue and a bad receipt handle are refused with SQS's codes", async () => {
    expect(await failure("sqs", "get-queue-url", "--queue-name", "nowhere")).toContain("AWS.SimpleQueueService.NonExistentQueue");
    const { QueueUrl } = await aws<{ QueueUrl: string }>("sqs", "create-queue", "--queue-name", "cli-refusals");
    expect(await failure("sqs", "delete-message", "--queue-url", QueueUrl, "--receipt-handle", "forged")).toContain("ReceiptHandleIsInvalid");
  });

  it("events: put-rule, describe-rule, put-targets, list-targets-by-rule, remove-targets, delete-rule", async () => {
    const pattern = JSON.stringify({ source: ["aws.states"], detail: { status: [{ "anything-but": "RUNNING" }] } });
    const { RuleArn } = await aws<{ RuleArn: string }>("events", "put-rule", "--name", "cli-rule", "--event-pattern", pattern);
    expect(RuleArn).toBe(`arn:aws:events:${TEST_REGION}:${ACCOUNT}:rule/cli-rule`);
    expect(await aws("events", "describe-rule", "--name", "cli-rule")).toMatchObject({ Name: "cli-rule", State: "ENABLED", EventPattern: pattern });
    expect(await aws("events", "put-targets", "--rule", "cli-rule", "--targets", `Id=q,Arn=arn:aws:sqs:${TEST_REGION}:${ACCOUNT}:cli-queue`)).toMatchObject({ FailedEntryCount: 0 });
    expect(await aws("events", "list-targets-by-rule", "--rule", "cli-rule")).toEqual({ Targets: [{ Id: "q", Arn: `arn:aws:sqs:${TEST_REGION}:${ACCOUNT}:cli-queue` }] });
    expect(await failure("events", "delete-rule", "--name", "cli-rule")).toContain("ValidationException");
    await aws("events", "remove-targets", "--rule", "cli-rule", "--ids", "q");
    await aws("events", "delete-rule", "--name", "cli-rule");
    expect(await failure("events", "describe-rule", "--name", "cli-rule")).toContain("ResourceNotFoundException");
    expect(await failure("events", "put-rule", "--name", "cli-bad", "--event-pattern", "{not json")).toContain("InvalidEventPatternException");
  });

  it("an execution started with the CLI sends its final status to the queue, in EventBridge's envelope", async () => {
    const { QueueUrl } = await aws<{ QueueUrl: string }>("sqs", "create-queue", "--queue-name", "cli-status");
    const queueArn = `arn:aws:sqs:${TEST_REGION}:${ACCOUNT}:cli-status`;
    const { RuleArn } = await aws<{ RuleArn: string }>("events", "put-rule", "--name", "cli-status", "--event-pattern", JSON.stringify({ source: ["aws.states"], detail: { status: ["SUCCEEDED"] } }));
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: queueArn, Condition: { ArnEquals: { "aws:SourceArn": RuleArn } } }] };
    await aws("sqs", "set-queue-attributes", "--queue-url", QueueUrl, "--attributes", JSON.stringify({ Policy: JSON.stringify(policy) }));
    await aws("events", "put-targets", "--rule", "cli-status", "--targets", `Id=q,Arn=${queueArn}`);
    const { stateMachineArn } = await aws<{ stateMachineArn: string }>(
      "stepfunctions", "create-state-machine", "--name", uniqueName("cli"), "--role-arn", TEST_ROLE, "--definition", JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }),
    );
    const { executionArn } = await aws<{ executionArn: string }>("stepfunctions", "start-execution", "--state-machine-arn", stateMachineArn, "--input", "{}");
    const received = await aws<{ Messages?: { Body: string }[] }>("sqs", "receive-message", "--queue-url", QueueUrl, "--wait-time-seconds", "10");
    const event = JSON.parse(received.Messages?.[0]?.Body ?? "{}") as { source: string; "detail-type": string; resources: string[]; detail: { status: string; executionArn: string } };
    expect(event).toMatchObject({ source: "aws.states", "detail-type": "Step Functions Execution Status Change", resources: [executionArn], detail: { status: "SUCCEEDED", executionArn } });
  });
});

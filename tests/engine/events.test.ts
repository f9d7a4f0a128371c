import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateProcessingJobCommand } from "@aws-sdk/client-sagemaker";
import { StopExecutionCommand } from "@aws-sdk/client-sfn";
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { CreateQueueCommand, DeleteMessageCommand, type Message, ReceiveMessageCommand, SetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_ROLE, WRONG_CREDENTIALS, type TestEngine } from "./harness";
import { sampleRequest } from "./sample-request";
import { createMachine, start, uniqueName, waitForExecution } from "./sfn-helpers";

/** EventBridge over the AWS SDK against a real engine: rules, SQS targets, and the status events the engine emits. */

let engine: TestEngine;
let events: EventBridgeClient;
let sqs: SQSClient;
const ACCOUNT = "000000000000";

beforeAll(async () => {
  engine = await startTestEngine({ maxConcurrentJobs: 2 });
  events = new EventBridgeClient(engine.clientConfig());
  sqs = new SQSClient(engine.clientConfig());
});
afterAll(async () => {
  events?.destroy();
  sqs?.destroy();
  await engine?.close();
});

function policyFor(queue: string, rule: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}`, Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/${rule}` } } }],
  });
}

/** A queue that receives `pattern`'s events through a rule of its own name, with the policy AWS requires. */
async function subscribe(name: string, pattern: object, options: { policy?: boolean } = {}): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (options.policy !== false) await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policyFor(name, name) } }));
  await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern) }));
  await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: "queue", Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}` }] }));
  return QueueUrl ?? "";
}

async function drain(url: string, until: (bodies: Record<string, unknown>[]) => boolean, timeoutMs = 20_000): Promise<Record<string, unknown>[]> {
  const bodies: Record<string, unknown>[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!until(bodies) && Date.now() < deadline) {
    const messages: Message[] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [];
    for (const message of messages) {
      bodies.push(JSON.parse(message.Body ?? "{}") as Record<string, unknown>);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  return bodies;
}

async function putCustom(source: string, detail: object, detailType = "Order Placed") {
  return events.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }] }));
}

describe("rules", () => {
  it("puts, describes, lists, updates and deletes rules; a rule with targets is not deleted", async () => {
    const { RuleArn } = await events.send(new PutRuleCommand({ Name: "r-life", EventPattern: JSON.stringify({ source: ["a"] }), Description: "first" }));
    expect(RuleArn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:rule/r-life`);
    await events.send(new PutRuleCommand({ Name: "r-life", EventPattern: JSON.stringify({ source: ["b"] }), State: "DISABLED" }));
    expect(await events.send(new DescribeRuleCommand({ Name: "r-life" }))).toMatchObject({ Name: "r-life", Arn: RuleArn, EventPattern: '{"source":["b"]}', State: "DISABLED", EventBusName: "default" });
    expect((await events.send(new ListRulesCommand({ NamePrefix: "r-li" }))).Rules?.map((r) => r.Name)).toEqual(["r-life"]);
    await events.send(new PutTargetsCommand({ Rule: "r-life", Targets: [{ Id: "t1", Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:nowhere` }] }));
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: "r-life" }))).Targets).toEqual([{ Id: "t1", Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:nowhere` }]);
    await expect(events.send(new DeleteRuleCommand({ Name: "r-life" }))).rejects.toMatchObject({ name: "ValidationException" });
    expect(await events.send(new RemoveTargetsCommand({ Rule: "r-life", Ids: ["t1", "t9"] }))).toMatchObject({ FailedEntryCount: 1, FailedEntries: [{ TargetId: "t9" }] });
    await events.send(new DeleteRuleCommand({ Name: "r-life" }));
    await expect(events.send(new DescribeRuleCommand({ Name: "r-life" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses malformed patterns, names, other buses, non-SQS targets and strangers, changing nothing", async () => {
    for (const pattern of ["not json", "[]", '{"source":"a"}', '{"source":[]}', '{"source":[{"wildcard":"x"}]}', '{"source":[{"prefix":1}]}', '{"$or":[{"a":["b"]}]}']) {
      await expect(events.send(new PutRuleCommand({ Name: "r-bad", EventPattern: pattern }))).rejects.toMatchObject({ name: "InvalidEventPatternException" });
    }
    await expect(events.send(new PutRuleCommand({ Name: "../r", EventPattern: '{"source":["a"]}' }))).rejects.toMatchObject({ name: "ValidationException" });
    await expect(events.send(new PutRuleCommand({ Name: "r-bus", EventPattern: '{"source":["a"]}', EventBusName: "other" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    const stranger = new EventBridgeClient(engine.clientConfig(WRONG_CREDENTIALS));
    await expect(stranger.send(new PutRuleCommand({ Name: "r-stranger", EventPattern: '{"source":["a"]}' }))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    stranger.destroy();
    expect((await events.send(new ListRulesCommand({ NamePrefix: "r-b" }))).Rules).toEqual([]);
    expect((await events.send(new ListRulesCommand({ NamePrefix: "r-stranger" }))).Rules).toEqual([]);
    await events.send(new PutRuleCommand({ Name: "r-targets", EventPattern: '{"source":["a"]}' }));
    const put = await events.send(new PutTargetsCommand({ Rule: "r-targets", Targets: [{ Id: "lambda", Arn: "arn:aws:lambda:us-east-1:000000000000:function:f" }] }));
    expect(put.FailedEntryCount).toBe(1);
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: "r-targets" }))).Targets).toEqual([]);
  });

  it("refuses PutEvents for aws.* sources, as AWS does", async () => {
    const answer = await putCustom("aws.states", { status: "SUCCEEDED" }, "Step Functions Execution Status Change");
    expect(answer).toMatchObject({ FailedEntryCount: 1, Entries: [{ ErrorCode: "NotAuthorizedForSourceException" }] });
  });
});

describe("delivery", () => {
  it("delivers matching events only (source, prefix, anything-but, exists, numeric), in EventBridge's envelope", async () => {
    const url = await subscribe("q-patterns", { source: ["shop"], detail: { state: [{ "anything-but": ["cancelled"] }], sku: [{ prefix: "AB-" }], coupon: [{ exists: false }], total: [{ numeric: [">", 0, "<=", 100] }] } });
    await putCustom("shop", { state: "paid", sku: "AB-1", total: 10 });
    await putCustom("shop", { state: "cancelled", sku: "AB-2", total: 10 });
    await putCustom("shop", { state: "paid", sku: "XY-3", total: 10 });
    await putCustom("shop", { state: "paid", sku: "AB-4", total: 10, coupon: "x" });
    await putCustom("shop", { state: "paid", sku: "AB-5", total: 1000 });
    await putCustom("other", { state: "paid", sku: "AB-6", total: 10 });
    await putCustom("shop", { state: ["paid", "shipped"], sku: ["ZZ", "AB-7"], total: 5 });
    const bodies = await drain(url, (b) => b.length >= 2, 3_000);
    expect(bodies.map((b) => (b.detail as { sku: unknown }).sku)).toEqual(["AB-1", ["ZZ", "AB-7"]]);
    expect(Object.keys(bodies[0] ?? {}).sort()).toEqual(["account", "detail", "detail-type", "id", "region", "resources", "source", "time", "version"]);
    expect(bodies[0]).toMatchObject({ version: "0", "detail-type": "Order Placed", source: "shop", account: ACCOUNT, region: "us-east-1", resources: [] });
    expect(String(bodies[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("drops events for a queue whose policy does not let EventBridge send, and for a missing queue", async () => {
    const url = await subscribe("q-no-policy", { source: ["nopolicy"] }, { policy: false });
    await putCustom("nopolicy", { n: 1 });
    expect(await drain(url, () => false, 1_500)).toEqual([]);
    await events.send(new PutRuleCommand({ Name: "r-missing-queue", EventPattern: '{"source":["missing"]}' }));
    await events.send(new PutTargetsCommand({ Rule: "r-missing-queue", Targets: [{ Id: "q", Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:does-not-exist` }] }));
    expect((await putCustom("missing", { n: 1 })).FailedEntryCount).toBe(0);
  });

  it("InputPath sends a part of the event", async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "q-input-path" }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policyFor("q-input-path", "q-input-path") } }));
    await events.send(new PutRuleCommand({ Name: "q-input-path", EventPattern: '{"source":["path"]}' }));
    await events.send(new PutTargetsCommand({ Rule: "q-input-path", Targets: [{ Id: "q", Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:q-input-path`, InputPath: "$.detail" }] }));
    await putCustom("path", { only: "this" });
    expect(await drain(QueueUrl ?? "", (b) => b.length > 0, 3_000)).toEqual([{ only: "this" }]);
  });
});

describe("status events", () => {
  it("Step Functions: RUNNING at start, then the final status, in AWS's shape", async () => {
    const url = await subscribe("q-states", { source: ["aws.states"], "detail-type": ["Step Functions Execution Status Change"] });
    const machine = await createMachine(engine.sfn, { StartAt: "Done", States: { Done: { Type: "Pass", Result: { ok: true }, End: true } } });
    const executionArn = await start(engine.sfn, machine, { n: 1 }, uniqueName("ev"));
    await waitForExecution(engine.sfn, executionArn);
    const bodies = await drain(url, (b) => b.length >= 2);
    const statuses = bodies.map((b) => (b.detail as { status: string }).status);
    expect(statuses.sort()).toEqual(["RUNNING", "SUCCEEDED"]);
    const done = bodies.find((b) => (b.detail as { status: string }).status === "SUCCEEDED") ?? {};
    expect(done).toMatchObject({ source: "aws.states", "detail-type": "Step Functions Execution Status Change", resources: [executionArn] });
    expect(done.detail).toMatchObject({ executionArn, stateMachineArn: machine, status: "SUCCEEDED", input: '{"n":1}', inputDetails: { included: true }, output: '{"ok":true}', outputDetails: { included: true }, error: null, cause: null });
    expect(typeof (done.detail as { startDate: unknown }).startDate).toBe("number");
    expect(typeof (done.detail as { stopDate: unknown }).stopDate).toBe("number");
    const running = bodies.find((b) => (b.detail as { status: string }).status === "RUNNING") ?? {};
    expect(running.detail).toMatchObject({ stopDate: null, output: null, outputDetails: null });
  });

  it("Step Functions: a stopped execution is ABORTED with its error and cause", async () => {
    const url = await subscribe("q-states-stop", { source: ["aws.states"], detail: { status: ["ABORTED"] } });
    const machine = await createMachine(engine.sfn, { StartAt: "Wait", States: { Wait: { Type: "Wait", Seconds: 30, End: true } } });
    const executionArn = await start(engine.sfn, machine, {}, uniqueName("stop"));
    await engine.sfn.send(new StopExecutionCommand({ executionArn, error: "Ferry.Stopped", cause: "by a test" }));
    const [event] = await drain(url, (b) => b.length >= 1);
    expect(event?.detail).toMatchObject({ executionArn, status: "ABORTED", error: "Ferry.Stopped", cause: "by a test", redriveStatus: "REDRIVABLE" });
  });

  it("SageMaker: InProgress at creation, then Completed, with DescribeProcessingJob's fields", async () => {
    const url = await subscribe("q-jobs", { source: ["aws.sagemaker"], "detail-type": ["SageMaker Processing Job State Change"] });
    await engine.s3.send(new CreateBucketCommand({ Bucket: "events-jobs" }));
    await engine.s3.send(new PutObjectCommand({ Bucket: "events-jobs", Key: "code/job.py", Body: "open('/opt/ml/processing/output/out.txt', 'w').write('ok')\n" }));
    const name = uniqueName("evjob");
    await engine.sagemaker.send(
      new CreateProcessingJobCommand(
        sampleRequest({
          ProcessingJobName: name,
          RoleArn: TEST_ROLE,
          AppSpecification: { ImageUri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", ContainerEntrypoint: ["python3", "/opt/ml/processing/input/code/job.py"] },
          ProcessingInputs: [{ InputName: "code", S3Input: { S3Uri: "s3://events-jobs/code/", LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix", S3InputMode: "File" } }],
          ProcessingOutputConfig: { Outputs: [{ OutputName: "out", S3Output: { S3Uri: "s3://events-jobs/out/", LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }] },
        }),
      ),
    );
    const bodies = await drain(url, (b) => b.some((e) => ["Completed", "Failed"].includes((e.detail as { ProcessingJobStatus: string }).ProcessingJobStatus)), 60_000);
    const statuses = bodies.map((b) => (b.detail as { ProcessingJobStatus: string }).ProcessingJobStatus);
    expect(statuses).toContain("InProgress");
    expect(statuses).toContain("Completed");
    const completed = bodies.find((b) => (b.detail as { ProcessingJobStatus: string }).ProcessingJobStatus === "Completed") ?? {};
    expect(completed).toMatchObject({ source: "aws.sagemaker", resources: [`arn:aws:sagemaker:us-east-1:${ACCOUNT}:processing-job/${name.toLowerCase()}`] });
    expect(completed.detail).toMatchObject({ ProcessingJobName: name, ProcessingJobArn: expect.stringContaining(name.toLowerCase()), ProcessingResources: { ClusterConfig: { InstanceType: "ml.m5.xlarge" } }, AppSpecification: { ImageUri: expect.stringContaining("scikit") } });
    expect(typeof (completed.detail as { CreationTime: unknown }).CreationTime).toBe("number");
    expect(typeof (completed.detail as { ProcessingEndTime: unknown }).ProcessingEndTime).toBe("number");
  });

  it("keeps rules and targets across a restart", async () => {
    const dataDir = await makeTempDir("events-restart");
    const first = await startTestEngine({ dataDir });
    const client = new EventBridgeClient(first.clientConfig());
    await client.send(new PutRuleCommand({ Name: "r-durable", EventPattern: '{"source":["x"]}' }));
    await client.send(new PutTargetsCommand({ Rule: "r-durable", Targets: [{ Id: "q", Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` }] }));
    client.destroy();
    await first.close();
    const second = await startTestEngine({ dataDir });
    const again = new EventBridgeClient(second.clientConfig());
    expect((await again.send(new ListTargetsByRuleCommand({ Rule: "r-durable" }))).Targets).toEqual([{ Id: "q", Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` }]);
    again.destroy();
    await second.close();
  });
});

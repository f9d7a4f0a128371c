import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, sendRaw, signRaw, startTestEngine, WRONG_CREDENTIALS, type TestEngine } from "./harness";

/** SQS over the AWS SDK (awsJson1_0) and raw query-protocol requests, against a real engine. */

let engine: TestEngine;
let sqs: SQSClient;

beforeAll(async () => {
  engine = await startTestEngine();
  sqs = new SQSClient(engine.clientConfig());
});
afterAll(async () => {
  sqs?.destroy();
  await engine?.close();
});

async function queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return created.QueueUrl ?? "";
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; Code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; Code?: string; message: string };
  }
  throw new Error("expected a refusal");
}

describe("queues", () => {
  it("creates idempotently, refuses a different attribute, finds, lists and deletes", async () => {
    const url = await queue("q-basic", { VisibilityTimeout: "45" });
    expect(url).toBe(`${engine.endpoint}/000000000000/q-basic`);
    expect(await queue("q-basic", { VisibilityTimeout: "45" })).toBe(url);
    expect((await errorOf(queue("q-basic", { VisibilityTimeout: "10" }))).name).toBe("QueueNameExists");
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: "q-basic" }))).QueueUrl).toBe(url);
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "q-ba" }))).QueueUrls).toEqual([url]);
    const attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }))).Attributes ?? {};
    expect(attributes).toMatchObject({ VisibilityTimeout: "45", QueueArn: "arn:aws:sqs:us-east-1:000000000000:q-basic", ApproximateNumberOfMessages: "0", MessageRetentionPeriod: "345600" });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const missing = await errorOf(sqs.send(new GetQueueUrlCommand({ QueueName: "q-basic" })));
    expect(missing).toBeInstanceOf(QueueDoesNotExist);
    expect(missing.Code).toBe("AWS.SimpleQueueService.NonExistentQueue");
  });

  it("sets Policy, VisibilityTimeout, MessageRetentionPeriod and ReceiveMessageWaitTimeSeconds, and refuses bad ones with nothing changed", async () => {
    const url = await queue("q-attributes");
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*" }] });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: policy, VisibilityTimeout: "5", MessageRetentionPeriod: "60", ReceiveMessageWaitTimeSeconds: "20" } }));
    for (const bad of [{ VisibilityTimeout: "43201" }, { MessageRetentionPeriod: "59" }, { ReceiveMessageWaitTimeSeconds: "21" }, { Policy: "not json" }]) {
      expect((await errorOf(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: bad })))).name).toBe("InvalidAttributeValue");
    }
    expect((await errorOf(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Colour: "red" } as Record<string, string> })))).name).toBe("InvalidAttributeName");
    const attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Policy", "VisibilityTimeout", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds"] }))).Attributes;
    expect(attributes).toEqual({ Policy: policy, VisibilityTimeout: "5", MessageRetentionPeriod: "60", ReceiveMessageWaitTimeSeconds: "20" });
  });
});

describe("messages", () => {
  it("sends and receives with MD5OfBody and receive counts, and deletes only with the latest receipt handle", async () => {
    const url = await queue("q-messages");
    const body = "héllo\r\n{\"a\":1} <x>&";
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    // The SDK checks MD5OfMessageBody and MD5OfBody itself (middleware-sdk-sqs); a wrong one would throw.
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1, MessageSystemAttributeNames: ["All"] }))).Messages ?? [];
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ MessageId: sent.MessageId, Body: body, Attributes: { ApproximateReceiveCount: "1" } });
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 30, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }))).Messages ?? [];
    expect(second[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
    // The first receive's handle is stale: SQS answers success but keeps the message.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first[0]?.ReceiptHandle }));
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessagesNotVisible"] }))).Attributes?.ApproximateNumberOfMessagesNotVisible).toBe("1");
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second[0]?.ReceiptHandle }));
    const left = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }))).Attributes;
    expect(left).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  });

  it("deletes in batches, each entry on its own", async () => {
    const url = await queue("q-delete-batch");
    for (const body of ["a", "b"]) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    const messages = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }))).Messages ?? [];
    const answer = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [...messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })), { Id: "bad", ReceiptHandle: "garbage" }] }));
    expect(answer.Successful?.map((e) => e.Id).sort()).toEqual(["m0", "m1"]);
    expect(answer.Failed).toEqual([expect.objectContaining({ Id: "bad", SenderFault: true, Code: "ReceiptHandleIsInvalid" })]);
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }))).Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
    expect((await errorOf(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "x", ReceiptHandle: "a" }, { Id: "x", ReceiptHandle: "b" }] })))).name).toBe("BatchEntryIdsNotDistinct");
  });

  it("returns up to MaxNumberOfMessages and refuses more than 10", async () => {
    const url = await queue("q-batch");
    for (let i = 0; i < 12; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages).toHaveLength(10);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages).toHaveLength(2);
    const refused = await errorOf(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })));
    expect(refused.Code).toBe("InvalidParameterValue");
  });

  it("long polling answers as soon as a message arrives, and after WaitTimeSeconds when none does", async () => {
    const url = await queue("q-long-poll");
    const started = Date.now();
    const received = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
    setTimeout(() => void sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "late" })), 300);
    expect((await received).Messages?.[0]?.Body).toBe("late");
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2_000);
    const empty = Date.now();
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }))).Messages).toBeUndefined();
    expect(Date.now() - empty).toBeGreaterThanOrEqual(950);
  });

  it("a long poll wakes when a message's visibility timeout runs out", async () => {
    const url = await queue("q-visibility-wake");
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "again" }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1 }));
    const started = Date.now();
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }));
    expect(again.Messages?.[0]?.Body).toBe("again");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("ChangeMessageVisibility hides a message longer or returns it at once; a message not in flight is refused", async () => {
    const url = await queue("q-change-visibility");
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" }));
    const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 30 }))).Messages ?? [];
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 0 }));
    const [back] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? [];
    expect(back?.MessageId).toBe(message?.MessageId);
    expect((await errorOf(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 10 })))).name).toBe("MessageNotInflight");
  });

  it("purges once a minute", async () => {
    const url = await queue("q-purge");
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    expect((await errorOf(sqs.send(new PurgeQueueCommand({ QueueUrl: url })))).name).toBe("PurgeQueueInProgress");
  });
});

describe("attacks", () => {
  it("refuses forged, foreign and malformed receipt handles, and handles of another queue", async () => {
    const a = await queue("q-receipt-a");
    const b = await queue("q-receipt-b");
    await sqs.send(new SendMessageCommand({ QueueUrl: a, MessageBody: "mine" }));
    const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: a, VisibilityTimeout: 30 }))).Messages ?? [];
    for (const handle of ["garbage", Buffer.from("[1,2]").toString("base64url"), "x".repeat(4096)]) {
      expect((await errorOf(sqs.send(new DeleteMessageCommand({ QueueUrl: a, ReceiptHandle: handle })))).name).toBe("ReceiptHandleIsInvalid");
    }
    expect((await errorOf(sqs.send(new DeleteMessageCommand({ QueueUrl: b, ReceiptHandle: message?.ReceiptHandle })))).name).toBe("ReceiptHandleIsInvalid");
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: a, AttributeNames: ["ApproximateNumberOfMessagesNotVisible"] }))).Attributes?.ApproximateNumberOfMessagesNotVisible).toBe("1");
  });

  it("refuses queue names that would be paths, another account's queue URL, oversized and non-XML bodies", async () => {
    for (const name of ["../etc", "a/b", "x".repeat(81), "q.fifo"]) expect((await errorOf(queue(name))).Code).toBe("InvalidParameterValue");
    await queue("q-attacks");
    expect((await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: `${engine.endpoint}/111111111111/q-attacks`, MessageBody: "x" })))).name).toBe("QueueDoesNotExist");
    const url = await queue("q-attacks");
    expect((await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x".repeat(262_145) })))).Code).toBe("InvalidParameterValue");
    expect((await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "bad \u0001 byte" })))).Code).toBe("InvalidParameterValue");
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }))).Attributes?.ApproximateNumberOfMessages).toBe("0");
  });

  it("refuses requests signed with other credentials, in both protocols, and creates nothing", async () => {
    const stranger = new SQSClient(engine.clientConfig(WRONG_CREDENTIALS));
    expect((await errorOf(stranger.send(new CreateQueueCommand({ QueueName: "q-stranger" })))).name).toBe("UnrecognizedClientException");
    stranger.destroy();
    const form = "Action=CreateQueue&Version=2012-11-05&QueueName=q-stranger-query";
    const signed = await signRaw(engine.endpoint, { method: "POST", target: "/", service: "sqs", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form, credentials: WRONG_CREDENTIALS });
    const answer = await sendRaw(signed);
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("<Code>InvalidClientTokenId</Code>");
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "q-stranger" }))).QueueUrls).toBeUndefined();
  });
});

describe("query protocol", () => {
  async function query(form: Record<string, string>) {
    const body = new URLSearchParams({ Version: "2012-11-05", ...form }).toString();
    return sendRaw(await signRaw(engine.endpoint, { method: "POST", target: "/", service: "sqs", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body }));
  }

  it("answers form requests in XML, with flattened attributes, and errors in ErrorResponse", async () => {
    const created = await query({ Action: "CreateQueue", QueueName: "q-query", "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "12" });
    expect(created.status).toBe(200);
    expect(created.headers["content-type"]).toBe("text/xml");
    const url = /<QueueUrl>([^<]+)<\/QueueUrl>/.exec(created.text)?.[1] ?? "";
    expect(url).toBe(`${engine.endpoint}/000000000000/q-query`);
    const sent = await query({ Action: "SendMessage", QueueUrl: url, MessageBody: "a<b" });
    expect(sent.text).toMatch(/<SendMessageResult><MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody><MessageId>/);
    const received = await query({ Action: "ReceiveMessage", QueueUrl: url, "AttributeName.1": "All", MaxNumberOfMessages: "5" });
    expect(received.text).toContain("<Body>a&lt;b</Body>");
    expect(received.text).toContain("<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>");
    const attributes = await query({ Action: "GetQueueAttributes", QueueUrl: url, "AttributeName.1": "VisibilityTimeout" });
    expect(attributes.text).toContain("<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>12</Value></Attribute></GetQueueAttributesResult>");
    const handle = /<ReceiptHandle>([^<]+)<\/ReceiptHandle>/.exec(received.text)?.[1] ?? "";
    const batch = await query({ Action: "DeleteMessageBatch", QueueUrl: url, "DeleteMessageBatchRequestEntry.1.Id": "one", "DeleteMessageBatchRequestEntry.1.ReceiptHandle": handle });
    expect(batch.text).toContain("<DeleteMessageBatchResult><DeleteMessageBatchResultEntry><Id>one</Id></DeleteMessageBatchResultEntry></DeleteMessageBatchResult>");
    const missing = await query({ Action: "GetQueueUrl", QueueName: "q-none" });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("<Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>");
  });
});

describe("durability", () => {
  it("keeps queues, messages and their receive counts across a restart", async () => {
    const dataDir = await makeTempDir("sqs-restart");
    const first = await startTestEngine({ dataDir });
    const client = new SQSClient(first.clientConfig());
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: "q-durable" }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: "kept" }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: "gone" }));
    const received = (await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }))).Messages ?? [];
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received.find((m) => m.Body === "gone")?.ReceiptHandle }));
    client.destroy();
    await first.close();
    const second = await startTestEngine({ dataDir });
    const again = new SQSClient(second.clientConfig());
    const url = (await again.send(new GetQueueUrlCommand({ QueueName: "q-durable" }))).QueueUrl;
    const messages = (await again.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }))).Messages ?? [];
    expect(messages.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([["kept", "2"]]);
    again.destroy();
    await second.close();
  });

  it("ends a long poll at once when the engine stops", async () => {
    const local = await startTestEngine();
    const client = new SQSClient(local.clientConfig());
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: "q-close" }));
    const polling = client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 })).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await local.close();
    await polling;
    expect(Date.now() - started).toBeLessThan(3_000);
    client.destroy();
  });
});

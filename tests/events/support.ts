import { GetQueueAttributesCommand, type Message, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DescribeExecutionCommand } from "@aws-sdk/client-sfn";
import type { TestEngine } from "../engine/harness";

/** The test's own SQS client on the engine, to look at, copy, drop and inject run events. */
export function queueTools(engine: TestEngine, queueUrl: () => string) {
  const sqs = new SQSClient(engine.clientConfig());
  return {
    sqs,
    /** Every message now in the queue, left in it (received with no visibility timeout). */
    async peek(): Promise<Message[]> {
      const seen = new Map<string, Message>();
      for (let round = 0; round < 20; round++) {
        const batch = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(), MaxNumberOfMessages: 10, VisibilityTimeout: 0 }))).Messages ?? [];
        const before = seen.size;
        for (const message of batch) seen.set(message.MessageId ?? "", message);
        if (batch.length === 0 || seen.size === before) break;
      }
      return [...seen.values()];
    },
    async inject(bodies: string[]): Promise<void> {
      for (const body of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: body }));
    },
    async depth(): Promise<number> {
      const attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl(), AttributeNames: ["All"] }))).Attributes ?? {};
      return Number(attributes.ApproximateNumberOfMessages ?? 0) + Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    },
    /** Waits until the queue is empty (every message settled), or fails. */
    async drained(timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while ((await this.depth()) > 0) {
        if (Date.now() > deadline) throw new Error(`queue still holds ${await this.depth()} message(s)`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}

export async function waitForExecutionEnd(engine: TestEngine, executionArn: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await engine.sfn.send(new DescribeExecutionCommand({ executionArn }))).status === "RUNNING") {
    if (Date.now() > deadline) throw new Error(`execution ${executionArn} still running`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

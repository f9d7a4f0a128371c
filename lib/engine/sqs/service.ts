import { createHash, randomBytes, randomUUID } from "node:crypto";
import { asSqsError, SqsError, sqsErrors } from "./errors";
import { type MessageRecord, type QueueRecord, QueueStore } from "./queue-store";
import {
  ChangeVisibilityRequest,
  checkedAttributes,
  DeleteMessageBatchRequest,
  CreateQueueRequest,
  DEFAULT_ATTRIBUTES,
  GetQueueAttributesRequest,
  GetQueueUrlRequest,
  ListQueuesRequest,
  parseSqs,
  QueueRequest,
  ReceiptRequest,
  ReceiveMessageRequest,
  SendMessageRequest,
  SetQueueAttributesRequest,
} from "./requests";

export interface SqsPartition {
  region: string;
  accountId: string;
}

/** Where the caller reached the engine (`http://127.0.0.1:4599`): queue URLs are built on it, as AWS builds them on its endpoint. */
export type SqsContext = { baseUrl: string };

const SYSTEM_ATTRIBUTES = ["SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"];
const PURGE_INTERVAL_MS = 60_000;
/** XML 1.0's characters, which is what SQS accepts in a body. */
const VALID_BODY = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/**
 * A standard SQS queue subset: durable messages (queue-store.ts), visibility timeouts, receipt handles that
 * belong to one receive, long polling that answers as soon as a message arrives, purges, retention. Wire
 * shapes live in json-protocol.ts and query-protocol.ts; this class speaks the JSON protocol's member names.
 */
export class SqsService {
  readonly store: QueueStore;
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly closing = new AbortController();

  constructor(
    root: string,
    private readonly partition: SqsPartition,
  ) {
    this.store = new QueueStore(root);
  }

  load(): Promise<void> {
    return this.store.load();
  }

  /** Ends every long poll at once (with no messages) and waits for the journal. */
  async close(): Promise<void> {
    this.closing.abort();
    for (const wake of [...this.waiters.values()].flatMap((set) => [...set])) wake();
    await this.store.flush();
  }

  async handle(operation: string, body: unknown, context: SqsContext): Promise<Record<string, unknown>> {
    switch (operation) {
      case "CreateQueue":
        return this.createQueue(body, context);
      case "GetQueueUrl": {
        const request = parseSqs(GetQueueUrlRequest, body);
        if (request.QueueOwnerAWSAccountId && request.QueueOwnerAWSAccountId !== this.partition.accountId) throw sqsErrors.noQueue();
        return { QueueUrl: this.urlOf(this.queueNamed(request.QueueName), context) };
      }
      case "GetQueueAttributes":
        return this.getAttributes(body);
      case "SetQueueAttributes":
        return this.setAttributes(body);
      case "SendMessage":
        return this.sendMessage(body);
      case "ReceiveMessage":
        return this.receiveMessage(body);
      case "DeleteMessage": {
        const request = parseSqs(ReceiptRequest, body);
        await this.deleteOne(this.queueAt(request.QueueUrl), request.ReceiptHandle);
        return {};
      }
      case "DeleteMessageBatch":
        return this.deleteBatch(body);
      case "ChangeMessageVisibility":
        return this.changeVisibility(body);
      case "PurgeQueue":
        return this.purge(body);
      case "DeleteQueue": {
        const queue = this.queueAt(parseSqs(QueueRequest, body).QueueUrl);
        await this.store.deleteQueue(queue.name);
        this.wake(queue.name);
        return {};
      }
      case "ListQueues":
        return this.listQueues(body, context);
      default:
        throw sqsErrors.unsupported(operation);
    }
  }

  /**
   * What EventBridge's SQS target does: send the event to the queue with this ARN, as the service principal.
   * False when there is no such queue (AWS retries, then drops it) or the queue's policy does not let `sourceArn` send.
   */
  async deliver(queueArn: string, body: string, allowed: (policy: string | undefined, queueArn: string) => boolean): Promise<boolean> {
    const queue = [...this.store.queues.values()].find((q) => q.arn === queueArn);
    if (!queue || !allowed(queue.attributes.Policy, queue.arn)) return false;
    if (Buffer.byteLength(body) > Number(queue.attributes.MaximumMessageSize)) return false;
    await this.enqueue(queue, body, "AIDAIEVENTBRIDGE", 0);
    return true;
  }

  private async createQueue(body: unknown, context: SqsContext): Promise<Record<string, unknown>> {
    const request = parseSqs(CreateQueueRequest, body);
    const attributes = checkedAttributes(request.Attributes);
    const existing = this.store.queues.get(request.QueueName);
    if (existing) {
      // Idempotent for the same attributes, as SQS: a different value for any of them is a conflict.
      const differs = Object.entries(attributes).some(([name, value]) => existing.attributes[name] !== value);
      if (differs) throw sqsErrors.queueExists(request.QueueName);
      return { QueueUrl: this.urlOf(existing, context) };
    }
    const now = Date.now();
    const queue: QueueRecord = {
      name: request.QueueName,
      arn: `arn:aws:sqs:${this.partition.region}:${this.partition.accountId}:${request.QueueName}`,
      attributes: { ...DEFAULT_ATTRIBUTES, ...attributes },
      tags: request.tags,
      createdTimestamp: now,
      lastModifiedTimestamp: now,
    };
    await this.store.saveQueue(queue);
    return { QueueUrl: this.urlOf(queue, context) };
  }

  private getAttributes(body: unknown): Record<string, unknown> {
    const request = parseSqs(GetQueueAttributesRequest, body);
    const queue = this.queueAt(request.QueueUrl);
    const all = this.attributesOf(queue);
    const wanted = request.AttributeNames.includes("All") ? Object.keys(all) : request.AttributeNames;
    const answer: Record<string, string> = {};
    for (const name of wanted) {
      if (!(name in all) && !KNOWN_UNSET.has(name)) throw sqsErrors.invalidAttributeName(name);
      if (all[name] !== undefined) answer[name] = all[name];
    }
    return Object.keys(answer).length ? { Attributes: answer } : {};
  }

  private async setAttributes(body: unknown): Promise<Record<string, unknown>> {
    const request = parseSqs(SetQueueAttributesRequest, body);
    const queue = this.queueAt(request.QueueUrl);
    const attributes = checkedAttributes(request.Attributes);
    await this.store.saveQueue({ ...queue, attributes: { ...queue.attributes, ...attributes }, lastModifiedTimestamp: Date.now() });
    this.wake(queue.name);
    return {};
  }

  private async sendMessage(body: unknown): Promise<Record<string, unknown>> {
    const request = parseSqs(SendMessageRequest, body);
    const queue = this.queueAt(request.QueueUrl);
    if (request.MessageAttributes && Object.keys(request.MessageAttributes).length > 0) {
      throw sqsErrors.invalidValue("Message attributes are not supported by the embedded engine.");
    }
    if (request.MessageBody.length === 0) throw sqsErrors.invalidValue("The request must contain a non-empty message body.");
    if (Buffer.byteLength(request.MessageBody) > Number(queue.attributes.MaximumMessageSize)) throw sqsErrors.tooLong(Number(queue.attributes.MaximumMessageSize));
    if (!VALID_BODY.test(request.MessageBody)) {
      throw sqsErrors.invalidValue("Invalid binary character in the message body: only XML 1.0 characters are allowed.");
    }
    const message = await this.enqueue(queue, request.MessageBody, this.partition.accountId, request.DelaySeconds ?? Number(queue.attributes.DelaySeconds));
    return { MD5OfMessageBody: message.md5OfBody, MessageId: message.id };
  }

  private async enqueue(queue: QueueRecord, body: string, senderId: string, delaySeconds: number): Promise<MessageRecord> {
    const now = Date.now();
    const message: MessageRecord = {
      id: randomUUID(),
      body,
      md5OfBody: createHash("md5").update(body, "utf8").digest("hex"),
      sentAt: now,
      senderId,
      receiveCount: 0,
      visibleAt: now + delaySeconds * 1000,
    };
    await this.store.record(queue.name, { op: "send", message });
    this.wake(queue.name);
    return message;
  }

  /** Long polling: waits up to WaitTimeSeconds, answering as soon as at least one message can be returned. */
  private async receiveMessage(body: unknown): Promise<Record<string, unknown>> {
    const request = parseSqs(ReceiveMessageRequest, body);
    let queue = this.queueAt(request.QueueUrl);
    const waitSeconds = request.WaitTimeSeconds ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds);
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      const taken = await this.take(queue, request.MaxNumberOfMessages, request.VisibilityTimeout ?? Number(queue.attributes.VisibilityTimeout));
      if (taken.length > 0) {
        const wanted = new Set([...request.AttributeNames, ...request.MessageSystemAttributeNames]);
        return { Messages: taken.map((m) => this.wireMessage(queue, m, wanted)) };
      }
      if (Date.now() >= deadline || this.closing.signal.aborted) return {};
      await this.waitFor(queue.name, deadline);
      const current = this.store.queues.get(queue.name);
      if (!current) return {};
      queue = current;
    }
  }

  private async take(queue: QueueRecord, max: number, visibilitySeconds: number): Promise<MessageRecord[]> {
    const now = Date.now();
    const messages = this.store.messages.get(queue.name);
    if (!messages) return [];
    const retentionMs = Number(queue.attributes.MessageRetentionPeriod) * 1000;
    const taken: MessageRecord[] = [];
    const writes: Promise<void>[] = [];
    for (const message of messages.values()) {
      if (taken.length >= max) break;
      if (message.sentAt + retentionMs <= now) {
        writes.push(this.store.record(queue.name, { op: "delete", id: message.id }));
        continue;
      }
      if (message.visibleAt > now) continue;
      const receipt = randomBytes(12).toString("hex");
      writes.push(
        this.store.record(queue.name, { op: "receive", id: message.id, receiveCount: message.receiveCount + 1, firstReceiveAt: message.firstReceiveAt ?? now, visibleAt: now + visibilitySeconds * 1000, receipt }),
      );
      taken.push(message);
    }
    await Promise.all(writes);
    return taken;
  }

  private wireMessage(queue: QueueRecord, message: MessageRecord, wanted: Set<string>): Record<string, unknown> {
    const system: Record<string, string> = {
      SenderId: message.senderId,
      SentTimestamp: String(message.sentAt),
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt ?? message.sentAt),
    };
    const names = wanted.has("All") ? SYSTEM_ATTRIBUTES : SYSTEM_ATTRIBUTES.filter((n) => wanted.has(n));
    const attributes = Object.fromEntries(names.map((n) => [n, system[n] as string]));
    return {
      MessageId: message.id,
      ReceiptHandle: receiptHandle(queue.name, message.id, message.receipt ?? ""),
      MD5OfBody: message.md5OfBody,
      Body: message.body,
      ...(names.length ? { Attributes: attributes } : {}),
    };
  }

  /**
   * Only the latest receive's handle deletes: an older one (its visibility ran out and someone else received
   * the message) succeeds without deleting, as SQS documents, so a slow consumer cannot delete work another
   * consumer is doing. A message already deleted is not an error either.
   */
  private async deleteOne(queue: QueueRecord, handle: string): Promise<void> {
    const { id, receipt } = parseReceipt(handle, queue.name);
    const message = this.store.messages.get(queue.name)?.get(id);
    if (message && message.receipt === receipt) await this.store.record(queue.name, { op: "delete", id });
  }

  /** Each entry succeeds or fails on its own, as SQS answers a batch. */
  private async deleteBatch(body: unknown): Promise<Record<string, unknown>> {
    const request = parseSqs(DeleteMessageBatchRequest, body);
    const queue = this.queueAt(request.QueueUrl);
    if (new Set(request.Entries.map((e) => e.Id)).size !== request.Entries.length) {
      throw new SqsError("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
    }
    const outcomes = await Promise.all(
      request.Entries.map(async (entry) => {
        try {
          await this.deleteOne(queue, entry.ReceiptHandle);
          return { ok: true as const, Id: entry.Id };
        } catch (error) {
          const refused = asSqsError(error);
          return { ok: false as const, Id: entry.Id, SenderFault: true, Code: refused.queryCode, Message: refused.message };
        }
      }),
    );
    return {
      Successful: outcomes.filter((o) => o.ok).map(({ Id }) => ({ Id })),
      Failed: outcomes.filter((o) => !o.ok).map(({ ok: _ok, ...failure }) => failure),
    };
  }

  private async changeVisibility(body: unknown): Promise<Record<string, unknown>> {
    const request = parseSqs(ChangeVisibilityRequest, body);
    const queue = this.queueAt(request.QueueUrl);
    const { id, receipt } = parseReceipt(request.ReceiptHandle, queue.name);
    const message = this.store.messages.get(queue.name)?.get(id);
    const now = Date.now();
    if (!message || message.receipt !== receipt || message.visibleAt <= now) throw sqsErrors.notInFlight();
    await this.store.record(queue.name, { op: "visibility", id, visibleAt: now + request.VisibilityTimeout * 1000 });
    this.wake(queue.name);
    return {};
  }

  private async purge(body: unknown): Promise<Record<string, unknown>> {
    const request = parseSqs(QueueRequest, body);
    const queue = this.queueAt(request.QueueUrl);
    const now = Date.now();
    if (queue.lastPurgeAt && now - queue.lastPurgeAt < PURGE_INTERVAL_MS) throw sqsErrors.purgeInProgress(request.QueueUrl);
    await this.store.record(queue.name, { op: "purge" });
    await this.store.saveQueue({ ...queue, lastPurgeAt: now });
    return {};
  }

  private listQueues(body: unknown, context: SqsContext): Record<string, unknown> {
    const request = parseSqs(ListQueuesRequest, body);
    const names = [...this.store.queues.keys()].filter((n) => !request.QueueNamePrefix || n.startsWith(request.QueueNamePrefix)).sort();
    const start = request.NextToken ? names.findIndex((n) => n > Buffer.from(request.NextToken ?? "", "base64url").toString()) : 0;
    const from = start < 0 ? names.length : start;
    // Without MaxResults SQS returns up to 1,000 and no token.
    const size = request.MaxResults ?? 1000;
    const page = names.slice(from, from + size);
    const more = request.MaxResults !== undefined && from + size < names.length;
    return {
      ...(page.length ? { QueueUrls: page.map((n) => this.urlOf(this.queueNamed(n), context)) } : {}),
      ...(more ? { NextToken: Buffer.from(page.at(-1) ?? "").toString("base64url") } : {}),
    };
  }

  private attributesOf(queue: QueueRecord): Record<string, string> {
    const now = Date.now();
    const messages = [...(this.store.messages.get(queue.name)?.values() ?? [])];
    return {
      ...queue.attributes,
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(messages.filter((m) => m.visibleAt <= now).length),
      ApproximateNumberOfMessagesNotVisible: String(messages.filter((m) => m.visibleAt > now && m.receiveCount > 0).length),
      ApproximateNumberOfMessagesDelayed: String(messages.filter((m) => m.visibleAt > now && m.receiveCount === 0).length),
      CreatedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedTimestamp / 1000)),
      SqsManagedSseEnabled: "false",
    };
  }

  private waitFor(queue: string, deadline: number): Promise<void> {
    const messages = [...(this.store.messages.get(queue)?.values() ?? [])];
    const nextVisible = Math.min(deadline, ...messages.map((m) => m.visibleAt).filter((t) => t > Date.now()));
    return new Promise((resolve) => {
      const set = this.waiters.get(queue) ?? new Set();
      this.waiters.set(queue, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, nextVisible - Date.now()));
      set.add(done);
    });
  }

  private wake(queue: string): void {
    for (const wake of [...(this.waiters.get(queue) ?? [])]) wake();
  }

  private queueNamed(name: string): QueueRecord {
    const queue = this.store.queues.get(name);
    if (!queue) throw sqsErrors.noQueue();
    return queue;
  }

  /** `<endpoint>/<account>/<name>`; any host will do, as SQS accepts its regional and legacy host names alike. */
  private queueAt(url: string): QueueRecord {
    const match = /^(?:https?:\/\/[^/]+)?\/(\d{12})\/([A-Za-z0-9_-]{1,80})\/?$/.exec(url);
    if (!match || match[1] !== this.partition.accountId) throw sqsErrors.noQueue();
    return this.queueNamed(match[2] as string);
  }

  private urlOf(queue: QueueRecord, context: SqsContext): string {
    return `${context.baseUrl}/${this.partition.accountId}/${queue.name}`;
  }
}

/** Attributes AWS knows but this queue has no value for (FIFO, dead-letter and encryption settings). */
const KNOWN_UNSET = new Set(["Policy", "RedrivePolicy", "RedriveAllowPolicy", "FifoQueue", "ContentBasedDeduplication", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "DeduplicationScope", "FifoThroughputLimit"]);

function receiptHandle(queue: string, id: string, receipt: string): string {
  return Buffer.from(JSON.stringify([queue, id, receipt])).toString("base64url");
}

function parseReceipt(handle: string, queue: string): { id: string; receipt: string } {
  try {
    const parts: unknown = JSON.parse(Buffer.from(handle, "base64url").toString("utf8"));
    if (Array.isArray(parts) && parts.length === 3 && parts[0] === queue && parts.every((p) => typeof p === "string")) {
      return { id: parts[1] as string, receipt: parts[2] as string };
    }
  } catch {
    // Falls through to the refusal.
  }
  throw sqsErrors.receiptInvalid(handle);
}

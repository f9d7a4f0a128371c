import { z } from "zod";
import { sqsErrors } from "./errors";

/**
 * SQS requests as the JSON protocol names their members; the query protocol's form fields are first turned
 * into this shape (query-protocol.ts), so both are checked by the same schemas. Numbers arrive as strings in
 * the query protocol, hence the coercion.
 */
const int = (name: string, min: number, max: number) =>
  z.coerce.number({ error: `Value for parameter ${name} is invalid. Reason: must be a number.` }).int().min(min, `Value for parameter ${name} is invalid. Reason: must be between ${min} and ${max}.`).max(max, `Value for parameter ${name} is invalid. Reason: must be between ${min} and ${max}.`);

const queueUrl = z.string({ error: "The request must contain the parameter QueueUrl." }).min(1).max(2048);
const attributeMap = z.record(z.string().max(256), z.string().max(20_480)).default({});
const names = z.array(z.string().max(256)).max(100).default([]);

export const CreateQueueRequest = z.object({
  QueueName: z.string({ error: "The request must contain the parameter QueueName." }).regex(/^[A-Za-z0-9_-]{1,80}$/, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"),
  Attributes: attributeMap,
  tags: z.record(z.string().max(128), z.string().max(256)).default({}),
});
export const GetQueueUrlRequest = z.object({ QueueName: z.string({ error: "The request must contain the parameter QueueName." }).max(80), QueueOwnerAWSAccountId: z.string().max(12).optional() });
export const QueueRequest = z.object({ QueueUrl: queueUrl });
export const GetQueueAttributesRequest = QueueRequest.extend({ AttributeNames: names });
export const SetQueueAttributesRequest = QueueRequest.extend({ Attributes: attributeMap });
export const SendMessageRequest = QueueRequest.extend({
  MessageBody: z.string({ error: "The request must contain the parameter MessageBody." }),
  DelaySeconds: int("DelaySeconds", 0, 900).optional(),
  MessageAttributes: z.record(z.string(), z.unknown()).optional(),
});
export const ReceiveMessageRequest = QueueRequest.extend({
  MaxNumberOfMessages: int("MaxNumberOfMessages", 1, 10).default(1),
  WaitTimeSeconds: int("WaitTimeSeconds", 0, 20).optional(),
  VisibilityTimeout: int("VisibilityTimeout", 0, 43_200).optional(),
  AttributeNames: names,
  MessageSystemAttributeNames: names,
  MessageAttributeNames: names,
  ReceiveRequestAttemptId: z.string().max(128).optional(),
});
export const ReceiptRequest = QueueRequest.extend({ ReceiptHandle: z.string({ error: "The request must contain the parameter ReceiptHandle." }).min(1).max(4096) });
export const DeleteMessageBatchRequest = QueueRequest.extend({
  Entries: z.array(z.object({ Id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "A batch entry id can only contain alphanumeric characters, hyphens and underscores."), ReceiptHandle: z.string().min(1).max(4096) })).min(1, "There should be at least one DeleteMessageBatchRequestEntry in the request.").max(10, "Maximum number of entries per request are 10."),
});
export const ChangeVisibilityRequest = ReceiptRequest.extend({ VisibilityTimeout: int("VisibilityTimeout", 0, 43_200) });
export const ListQueuesRequest = z.object({ QueueNamePrefix: z.string().max(80).optional(), MaxResults: int("MaxResults", 1, 1000).optional(), NextToken: z.string().max(1024).optional() });

/** Parses with SQS's own error shapes: a missing member is MissingParameter, any other problem InvalidParameterValue. */
export function parseSqs<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const member = String(issue?.path[0] ?? "");
  if (issue?.code === "invalid_type" && issue.input === undefined) throw sqsErrors.missing(member);
  throw sqsErrors.invalidValue(issue?.message ?? "One or more parameters are invalid.");
}

/** The settable attributes and their ranges (AWS's SetQueueAttributes reference); Policy is any JSON document. */
const SETTABLE: Record<string, [number, number] | "json"> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 262_144],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  Policy: "json",
};

export const DEFAULT_ATTRIBUTES: Record<string, string> = {
  DelaySeconds: "0",
  MaximumMessageSize: "262144",
  MessageRetentionPeriod: "345600",
  ReceiveMessageWaitTimeSeconds: "0",
  VisibilityTimeout: "30",
};

/** Checks each attribute as SQS does: unknown names are InvalidAttributeName, values out of range InvalidAttributeValue. */
export function checkedAttributes(attributes: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(attributes)) {
    const rule = SETTABLE[name];
    if (!rule) throw sqsErrors.invalidAttributeName(name);
    const ok = rule === "json" ? isJsonObject(value) : /^\d+$/.test(value) && Number(value) >= rule[0] && Number(value) <= rule[1];
    if (!ok) throw sqsErrors.invalidAttributeValue(name);
  }
  return attributes;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

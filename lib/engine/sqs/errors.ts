import { AwsError } from "../errors";

/**
 * An SQS error in both of SQS's wire shapes: `code` is the JSON protocol's `__type` (the SDK's exception
 * class, e.g. QueueDoesNotExist), `queryCode` the query protocol's `<Code>` and the JSON protocol's
 * `x-amzn-query-error` header (e.g. AWS.SimpleQueueService.NonExistentQueue), which AWS still sends so
 * query-era clients keep their error codes.
 */
export class SqsError extends AwsError {
  constructor(
    code: string,
    readonly queryCode: string,
    message: string,
    status = 400,
    readonly fault: "Sender" | "Receiver" = "Sender",
  ) {
    super(code, message, status);
  }
}

export const sqsErrors = {
  noQueue: () => new SqsError("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."),
  queueExists: (name: string) =>
    new SqsError("QueueNameExists", "QueueAlreadyExists", `A queue already exists with the same name and a different value for attribute(s) of ${name}`),
  receiptInvalid: (handle: string) => new SqsError("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", `The input receipt handle "${handle.slice(0, 120)}" is not a valid receipt handle.`),
  notInFlight: () => new SqsError("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "The message referred to is not in flight."),
  invalidValue: (message: string) => new SqsError("InvalidParameterValueException", "InvalidParameterValue", message),
  invalidAttributeName: (name: string) => new SqsError("InvalidAttributeName", "InvalidAttributeName", `Unknown Attribute ${name.slice(0, 120)}.`),
  invalidAttributeValue: (name: string) => new SqsError("InvalidAttributeValue", "InvalidAttributeValue", `Invalid value for the parameter ${name}.`),
  missing: (name: string) => new SqsError("MissingParameter", "MissingParameter", `The request must contain the parameter ${name}.`),
  unsupported: (operation: string) =>
    new SqsError("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", `Operation ${operation.slice(0, 80)} is not supported by the embedded engine.`),
  purgeInProgress: (url: string) =>
    new SqsError("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", `Only one PurgeQueue operation on ${url} is allowed every 60 seconds.`, 403),
  tooLong: (limit: number) => new SqsError("InvalidParameterValueException", "InvalidParameterValue", `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`),
} as const;

/** Anything that is not an SqsError already: AwsErrors keep their code for both shapes. */
export function asSqsError(error: unknown): SqsError {
  if (error instanceof SqsError) return error;
  if (error instanceof AwsError) return new SqsError(error.code, error.code, error.message, error.status);
  console.error("[engine] sqs", error);
  return new SqsError("InternalError", "InternalError", "We encountered an internal error. Please try again.", 500, "Receiver");
}

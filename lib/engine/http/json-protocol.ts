import type { ServerResponse } from "node:http";
import { AwsError } from "../errors";

/** A service reached through `X-Amz-Target: <prefix>.<Operation>` with a JSON body. */
export interface JsonService {
  handle(operation: string, body: unknown): Promise<unknown>;
}

export const MAX_JSON_BODY = 8 * 1024 * 1024;

/**
 * awsJson1_0 / awsJson1_1: errors are `{"__type": code, "message": ...}` plus `x-amzn-ErrorType`, which the
 * SDK turns into its typed exception classes. The body was read (and its signature checked) by the server.
 */
export async function serveJson(res: ServerResponse, service: JsonService, operation: string, contentType: string, raw: Buffer): Promise<void> {
  try {
    const result = await service.handle(operation, parseJson(raw));
    send(res, 200, contentType, result ?? {});
  } catch (error) {
    sendJsonError(res, contentType, toAwsError(error));
  }
}

export function sendJsonError(res: ServerResponse, contentType: string, error: AwsError): void {
  send(res, error.status, contentType, { __type: error.code, message: error.message }, { "x-amzn-ErrorType": error.code });
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new AwsError("SerializationException", "Request body is not valid JSON");
  }
}

function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  console.error("[engine]", error);
  return new AwsError("InternalFailure", "The request processing has failed because of an unknown error.", 500);
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      "Content-Type": contentType,
      "Content-Length": Buffer.byteLength(text),
      "x-amzn-RequestId": crypto.randomUUID(),
      ...headers,
    })
    .end(text);
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { asSqsError, SqsError } from "./errors";
import { parseQueryRequest, queryError, queryResponse } from "./query-protocol";
import type { SqsService } from "./service";

export type SqsProtocol = "json" | "query";

/**
 * SQS's two wire protocols over one service: awsJson1_0 (`X-Amz-Target: AmazonSQS.<Op>`, current SDKs) and
 * the query protocol (`Action=<Op>` form fields, XML answers). JSON errors carry `x-amzn-query-error` with
 * the query protocol's code, as SQS sends it, so SDKs in query-compatible mode report the same codes.
 */
export class SqsHandler {
  constructor(private readonly service: SqsService) {}

  async serve(req: IncomingMessage, res: ServerResponse, protocol: SqsProtocol, target: string | undefined, raw: Buffer): Promise<void> {
    const requestId = crypto.randomUUID();
    try {
      const { operation, request } = protocol === "json" ? { operation: target ?? "", request: parseJson(raw) } : parseQueryRequest(raw);
      const result = await this.service.handle(operation, request, { baseUrl: `http://${req.headers.host ?? "127.0.0.1"}` });
      if (protocol === "json") send(res, 200, "application/x-amz-json-1.0", JSON.stringify(result), requestId);
      else send(res, 200, "text/xml", queryResponse(operation, result, requestId), requestId);
    } catch (error) {
      this.sendError(res, protocol, error, requestId);
    }
  }

  sendError(res: ServerResponse, protocol: SqsProtocol, error: unknown, requestId: string = crypto.randomUUID()): void {
    const sqs = asSqsError(error);
    if (protocol === "query") return send(res, sqs.status, "text/xml", queryError(sqs.fault, sqs.queryCode, sqs.message, requestId), requestId);
    send(res, sqs.status, "application/x-amz-json-1.0", JSON.stringify({ __type: `com.amazonaws.sqs#${sqs.code}`, message: sqs.message }), requestId, {
      "x-amzn-query-error": `${sqs.queryCode};${sqs.fault}`,
    });
  }
}

function parseJson(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    const value: unknown = JSON.parse(raw.toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the refusal.
  }
  throw new SqsError("SerializationException", "SerializationException", "Request body is not a valid JSON object");
}

function send(res: ServerResponse, status: number, contentType: string, text: string, requestId: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "x-amzn-RequestId": requestId, ...headers }).end(text);
}

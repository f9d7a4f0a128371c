import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { XMLBuilder } from "fast-xml-parser";
import { AwsError } from "../errors";

/** A service of AWS's query protocol (STS): form-encoded `Action=…&Version=…`, XML answers. */
export interface QueryService {
  /** The service's XML namespace, e.g. `https://sts.amazonaws.com/doc/2011-06-15/`. */
  namespace: string;
  /** The members of `<Action>Result`, or an AwsError. `caller` is the access key that signed the request. */
  handle(action: string, params: URLSearchParams, caller: string): Promise<Record<string, unknown>>;
}

export const MAX_QUERY_BODY = 64 * 1024;

// The builder escapes text itself (processEntities), so no value can break the document.
const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>`, or `<ErrorResponse>` as AWS answers. */
export async function serveQuery(res: ServerResponse, service: QueryService, raw: Buffer, caller: string): Promise<void> {
  const params = new URLSearchParams(raw.toString("utf8"));
  const action = params.get("Action") ?? "";
  try {
    const result = await service.handle(action, params, caller);
    const requestId = randomUUID();
    send(res, 200, requestId, { [`${action}Response`]: { "@_xmlns": service.namespace, [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } } });
  } catch (error) {
    sendQueryError(res, service.namespace, toAwsError(error));
  }
}

export function sendQueryError(res: ServerResponse, namespace: string, error: AwsError): void {
  const requestId = randomUUID();
  const type = error.status >= 500 ? "Receiver" : "Sender";
  send(res, error.status, requestId, { ErrorResponse: { "@_xmlns": namespace, Error: { Type: type, Code: error.code, Message: error.message }, RequestId: requestId } });
}

function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  console.error("[engine]", error);
  return new AwsError("InternalFailure", "The request processing has failed because of an unknown error.", 500);
}

function send(res: ServerResponse, status: number, requestId: string, document: Record<string, unknown>): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
  res.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(text), "x-amzn-RequestId": requestId }).end(text);
}

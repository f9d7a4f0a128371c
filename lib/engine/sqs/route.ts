import type { IncomingMessage } from "node:http";

/**
 * A query-protocol SQS request: a form POST signed for the `sqs` service. The signing scope tells it apart
 * from an S3 POST (which is signed for `s3`); an unsigned form POST falls through to S3 and is refused there.
 */
export function isSqsQuery(req: IncomingMessage): boolean {
  if (req.method !== "POST" || req.headers["x-amz-target"] !== undefined) return false;
  const type = req.headers["content-type"] ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return false;
  return /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/sqs\/aws4_request/.test(req.headers.authorization ?? "");
}

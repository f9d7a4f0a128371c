import type { IncomingHttpHeaders } from "node:http";
import { AwsError } from "../errors";

/** The MD5 a client asked S3 to check (`Content-MD5`, base64 of 16 bytes), as hex; undefined without one. */
export function requestedMd5(headers: IncomingHttpHeaders): string | undefined {
  const header = headers["content-md5"];
  if (header === undefined) return undefined;
  const value = String(header).trim();
  const bytes = Buffer.from(value, "base64");
  if (bytes.length !== 16 || bytes.toString("base64") !== value) {
    throw new AwsError("InvalidDigest", "The Content-MD5 you specified was not valid.", 400);
  }
  return bytes.toString("hex");
}

export function badDigest(): AwsError {
  return new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
}

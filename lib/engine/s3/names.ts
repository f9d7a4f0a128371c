import { AwsError } from "../errors";

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** S3's general-purpose bucket naming rules; also what keeps a bucket name safe as a directory name. */
export function assertBucketName(name: string): void {
  if (!BUCKET_NAME.test(name) || name.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw new AwsError("InvalidBucketName", "The specified bucket is not valid.", 400);
  }
}

/** S3 keys are at most 1,024 bytes of UTF-8. */
export function assertKeyLength(key: string): void {
  if (Buffer.byteLength(key, "utf8") > 1024) throw new AwsError("KeyTooLongError", "Your key is too long", 400);
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match?.[1]) throw new AwsError("ValidationException", `Not an S3 URI: ${uri}`);
  return { bucket: match[1], key: match[2] ?? "" };
}

/** S3 orders keys by their UTF-8 bytes, which differs from JavaScript's UTF-16 order above the BMP. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

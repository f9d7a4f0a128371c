/**
 * An error the engine returns to its caller in AWS's own shape, so the AWS SDK raises its typed
 * exception (e.g. `ExecutionAlreadyExists`, `ResourceNotFound`, `NoSuchKey`).
 */
export class AwsError extends Error {
  constructor(
    /** AWS's error code, exactly as the service names it (`__type` in JSON protocols, `<Code>` in S3). */
    readonly code: string,
    message: string,
    /** HTTP status AWS uses for this error. */
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

import type {
  CreateProcessingJobRequest,
  DescribeProcessingJobResponse,
} from "@aws-sdk/client-sagemaker";

/**
 * Seams between the engine's parts. The S3 side implements ObjectStore; the SageMaker side implements
 * ProcessingJobs; Step Functions tasks use ProcessingJobs. Each part owns its own durable state under
 * its own folder of the engine's data directory.
 */

/** `s3://bucket/key-or-prefix` */
export type S3Uri = string;

export interface ObjectStore {
  /** Copies every object under the prefix (S3Prefix semantics) into `dir`, keeping key paths relative to the prefix. Returns the number of objects copied. */
  downloadPrefix(uri: S3Uri, dir: string): Promise<number>;
  /** Copies one object (S3Object semantics, `uri` names the key) into `dir`, under the key's last segment. */
  downloadObject(uri: S3Uri, dir: string): Promise<void>;
  /** Uploads every regular file under `dir` to the prefix, keys = prefix + relative path. Returns the number uploaded. */
  uploadDirectory(dir: string, uri: S3Uri): Promise<number>;
}

export type ProcessingJobStatus = "InProgress" | "Completed" | "Failed" | "Stopping" | "Stopped";

export interface ProcessingJobs {
  /** Validates as SageMaker does and queues the job; throws AwsError (ValidationException, ResourceInUse). */
  create(request: CreateProcessingJobRequest): Promise<{ ProcessingJobArn: string }>;
  /** Throws AwsError ValidationException for an unknown name, as SageMaker does. */
  describe(name: string): Promise<DescribeProcessingJobResponse>;
  stop(name: string): Promise<void>;
  /** Resolves with the final description once the job is Completed, Failed or Stopped. */
  waitForTerminal(name: string, signal?: AbortSignal): Promise<DescribeProcessingJobResponse>;
}

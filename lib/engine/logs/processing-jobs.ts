import type { LogStore } from "./log-store";
import { LogStreamWriter } from "./stream-writer";

/** Where SageMaker writes a processing job's container output in CloudWatch Logs. */
export const PROCESSING_JOBS_LOG_GROUP = "/aws/sagemaker/ProcessingJobs";

/**
 * The stream of a job's first (only) instance: `<job-name>/algo-1-<epoch seconds>`, as SageMaker names it.
 * The seconds are the job's creation, not its start, so a job re-run after a restart writes to the same stream.
 */
export function processingJobStream(jobName: string, creationTime: number): string {
  return `${jobName}/algo-1-${Math.floor(creationTime / 1000)}`;
}

export function processingJobLogWriter(store: LogStore, jobName: string, creationTime: number): LogStreamWriter {
  return new LogStreamWriter(store, PROCESSING_JOBS_LOG_GROUP, processingJobStream(jobName, creationTime));
}

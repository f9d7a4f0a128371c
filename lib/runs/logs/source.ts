/**
 * Where SageMaker writes a processing job's log, in AWS and in the engine alike: CloudWatch Logs, group
 * /aws/sagemaker/ProcessingJobs, one stream per instance named <job>/algo-<n>-<epoch seconds>.
 */
export const PROCESSING_JOBS_LOG_GROUP = "/aws/sagemaker/ProcessingJobs";

/** The streams of one job: `/` never appears in a job name, so the prefix names no other job's. */
export function jobStreamPrefix(jobName: string): string {
  return `${jobName}/`;
}

/** Stored on the step for people and exports: `cloudwatch://<region>/aws/sagemaker/ProcessingJobs/<job>/`. */
export function logUriFor(environment: { region: string }, jobName: string): string {
  return `cloudwatch://${environment.region}${PROCESSING_JOBS_LOG_GROUP}/${jobStreamPrefix(jobName)}`;
}

import { STEP_KEY_MAX } from "./spec";

/**
 * Processing job names are `<execution>-<step>-<redrive>-<retry>`: unique per run, per redrive and per retry,
 * so nothing a rerun does can collide (the AWS sample's fixed names fail the second run). SageMaker allows
 * 63 characters, so execution names Ferry starts are capped to leave room for the rest.
 */
export const JOB_NAME_MAX = 63;
const MAX_REDRIVE_DIGITS = 4; // Step Functions allows 1,000 redrives of an execution.
const MAX_RETRY_DIGITS = 2; // RetryPolicy.maxAttempts ≤ 10.
export const EXECUTION_NAME_MAX = JOB_NAME_MAX - (STEP_KEY_MAX + MAX_REDRIVE_DIGITS + MAX_RETRY_DIGITS + 3);

/** Execution names Ferry generates: SageMaker's job-name alphabet, so a job name built from one stays valid. */
export const EXECUTION_NAME_PATTERN = new RegExp(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,${EXECUTION_NAME_MAX - 1}}$`);

export const SAGEMAKER_JOB_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** The job name the definition computes at run time, computed here for monitoring and tests. */
export function processingJobName(executionName: string, stepKey: string, redriveCount = 0, retryCount = 0): string {
  return `${executionName}-${stepKey}-${redriveCount}-${retryCount}`;
}

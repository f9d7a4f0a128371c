import { z } from "zod";
import { STEP_KEY_MAX } from "./spec";

/**
 * Every state machine Ferry makes lives in a name space of its own, so a name chosen by one kind of owner can
 * never land on another's machine (a pipeline named like a deployment's machine once replaced what that
 * deployment ran). The prefixes are disjoint, and no user-chosen pipeline name may start with `ferry-`.
 */
export const STATE_MACHINE_SPACES = { release: "ferry-pl-", deployment: "ferry-dp-", parity: "ferry-pr-" } as const;
export type StateMachineKind = keyof typeof STATE_MACHINE_SPACES;
const RESERVED_PREFIX = /^ferry-/i;
export const STATE_MACHINE_NAME_MAX = 80;
/** Ferry's subset of what Step Functions allows in a name (AWS refuses whitespace, brackets, wildcards, ...). */
export const STATE_MACHINE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
export const PIPELINE_NAME_MAX = STATE_MACHINE_NAME_MAX - STATE_MACHINE_SPACES.release.length;

/** Pipeline names: letters, digits, - and _, short enough that the release's state machine name fits AWS's 80. */
export const pipelineNameField = z
  .string({ error: "Name must be text" })
  .trim()
  .regex(new RegExp(`^[A-Za-z0-9_-]{1,${PIPELINE_NAME_MAX}}$`), `Name must be 1–${PIPELINE_NAME_MAX} letters, digits, - or _ (it names the state machine)`)
  .refine((name) => !RESERVED_PREFIX.test(name), "Names starting with ferry- are reserved for the state machines Ferry makes");

/** A release's state machine: one per pipeline and environment, updated by each release of a new version. */
export function releaseStateMachineName(pipelineName: string): string {
  return `${STATE_MACHINE_SPACES.release}${pipelineName}`;
}

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

/** arn:aws:states:<region>:<account>:execution:<state machine>:<execution>, known before the execution exists. */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  const parts = stateMachineArn.split(":");
  if (parts.length < 7 || parts[5] !== "stateMachine") throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  return [...parts.slice(0, 5), "execution", parts[6], executionName].join(":");
}

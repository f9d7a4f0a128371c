import { z } from "zod";
import type { JobState } from "./job-states";

/**
 * The two EventBridge events Ferry listens to, as they arrive in an SQS message's body. Only what the consumer
 * uses is read; anything else in the message is ignored, and a body that is not one of them is refused here.
 */
const epochMs = z.number().int().nonnegative().max(8.64e15);

const ExecutionStatusChange = z.object({
  source: z.literal("aws.states"),
  "detail-type": z.literal("Step Functions Execution Status Change"),
  detail: z.object({
    executionArn: z.string().max(2048).regex(/^arn:[\w-]+:states:[\w-]+:\d{12}:execution:[^:]+:[^:]+$/),
    status: z.enum(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"]),
    redriveCount: z.number().int().nonnegative().max(1000).optional(),
  }),
});

const ProcessingJobStateChange = z.object({
  source: z.literal("aws.sagemaker"),
  "detail-type": z.literal("SageMaker Processing Job State Change"),
  detail: z.object({
    ProcessingJobName: z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/),
    ProcessingJobArn: z.string().max(256),
    ProcessingJobStatus: z.enum(["InProgress", "Completed", "Failed", "Stopping", "Stopped"]),
    FailureReason: z.string().max(1024).optional(),
    LastModifiedTime: epochMs,
    ProcessingResources: z.object({ ClusterConfig: z.object({ InstanceType: z.string().max(64).optional() }).optional() }).optional(),
    AppSpecification: z.object({ ImageUri: z.string().max(255).optional() }).optional(),
  }),
});

export type ExecutionHint = { kind: "execution"; executionArn: string; executionName: string; status: string; redriveCount: number | null };
export type JobHint = { kind: "job"; job: JobState };
export type StatusHint = ExecutionHint | JobHint;

export const TERMINAL_EXECUTION = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]);

/** The hint a message carries, or null for anything else (not JSON, another event, a malformed one). */
export function parseStatusEvent(body: string | undefined): StatusHint | null {
  let value: unknown;
  try {
    value = JSON.parse(body ?? "");
  } catch {
    return null;
  }
  const execution = ExecutionStatusChange.safeParse(value);
  if (execution.success) {
    const { executionArn, status, redriveCount } = execution.data.detail;
    return { kind: "execution", executionArn, executionName: executionArn.split(":").pop() ?? "", status, redriveCount: redriveCount ?? null };
  }
  const job = ProcessingJobStateChange.safeParse(value);
  if (!job.success) return null;
  const d = job.data.detail;
  return {
    kind: "job",
    job: {
      jobName: d.ProcessingJobName,
      jobArn: d.ProcessingJobArn,
      status: d.ProcessingJobStatus,
      failureReason: d.FailureReason ?? null,
      instanceType: d.ProcessingResources?.ClusterConfig?.InstanceType ?? null,
      imageUri: d.AppSpecification?.ImageUri ?? null,
      lastModifiedAt: new Date(d.LastModifiedTime),
    },
  };
}

/**
 * Ferry's job names are `<execution>-<step>-<redrive>-<retry>` (lib/pipelines/names.ts); the step key may hold
 * dashes, so every prefix ending before a dash is a candidate execution name (the catalog holds at most one).
 * The redrive count tells a job of a redrive the catalog has not seen yet.
 */
export function executionCandidates(jobName: string): { names: string[]; redrive: number } | null {
  const match = /^(.+)-(\d{1,4})-(\d{1,2})$/.exec(jobName);
  if (!match?.[1]) return null;
  const head = match[1];
  const names: string[] = [];
  for (let at = head.indexOf("-"); at > 0; at = head.indexOf("-", at + 1)) names.push(head.slice(0, at));
  return { names, redrive: Number(match[2]) };
}

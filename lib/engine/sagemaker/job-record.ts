import type { DescribeProcessingJobResponse, ProcessingJobSummary } from "@aws-sdk/client-sagemaker";
import type { ProcessingJobStatus } from "../contracts";
import type { CreateProcessingJobInput } from "./request-schema";

/**
 * Where a job is in the engine's own life cycle. SageMaker only shows `InProgress` for all of these, but the
 * engine needs it to know, after a restart, whether a job can simply be queued again (it never started).
 */
export type JobPhase = "queued" | "preparing" | "running" | "uploading" | "finished";

/** A processing job as the engine keeps it on disk (times in epoch milliseconds). */
export interface JobRecord {
  request: CreateProcessingJobInput;
  arn: string;
  status: ProcessingJobStatus;
  phase: JobPhase;
  failureReason?: string;
  exitMessage?: string;
  creationTime: number;
  lastModifiedTime: number;
  processingStartTime?: number;
  processingEndTime?: number;
}

export const TERMINAL: ReadonlySet<ProcessingJobStatus> = new Set(["Completed", "Failed", "Stopped"]);

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function describeRecord(record: JobRecord): DescribeProcessingJobResponse {
  const r = record.request;
  return {
    ProcessingJobName: r.ProcessingJobName,
    ProcessingJobArn: record.arn,
    ProcessingInputs: r.ProcessingInputs,
    ProcessingOutputConfig: r.ProcessingOutputConfig,
    ProcessingResources: r.ProcessingResources,
    StoppingCondition: r.StoppingCondition,
    AppSpecification: r.AppSpecification,
    Environment: r.Environment,
    NetworkConfig: r.NetworkConfig,
    RoleArn: r.RoleArn,
    ExperimentConfig: r.ExperimentConfig,
    ProcessingJobStatus: record.status,
    ExitMessage: record.exitMessage,
    FailureReason: record.failureReason,
    CreationTime: date(record.creationTime),
    LastModifiedTime: date(record.lastModifiedTime),
    ProcessingStartTime: date(record.processingStartTime),
    ProcessingEndTime: date(record.processingEndTime),
  };
}

export function summarizeRecord(record: JobRecord): ProcessingJobSummary {
  return {
    ProcessingJobName: record.request.ProcessingJobName,
    ProcessingJobArn: record.arn,
    ProcessingJobStatus: record.status,
    CreationTime: date(record.creationTime),
    LastModifiedTime: date(record.lastModifiedTime),
    ProcessingEndTime: date(record.processingEndTime),
    FailureReason: record.failureReason,
    ExitMessage: record.exitMessage,
  };
}

import type { DescribeProcessingJobResponse } from "@aws-sdk/client-sagemaker";

/** One event as a service hands it to EventBridge (PutEvents' entry, or a service's own status change). */
export interface BusEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources: string[];
  time?: Date;
}

/**
 * What Step Functions and SageMaker tell when something changes status: the engine composes one EventBridge
 * behind it (engine.ts); without one nothing is sent. Emitting never throws and never waits for delivery.
 */
export interface StatusEvents {
  emit(event: BusEvent): void;
}

export const NO_EVENTS: StatusEvents = { emit: () => undefined };

/** An execution as the event needs it (the engine's ExecutionRecord, times in epoch ms). */
export interface ExecutionSnapshot {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveDate?: number;
}

const REDRIVABLE = new Set(["FAILED", "TIMED_OUT", "ABORTED"]);

/**
 * "Step Functions Execution Status Change" (source aws.states): the execution as DescribeExecution shows it,
 * dates in epoch milliseconds, null where the execution has no value yet (as AWS sends them).
 */
export function executionStatusChange(execution: ExecutionSnapshot): BusEvent {
  const redrivable = REDRIVABLE.has(execution.status);
  return {
    source: "aws.states",
    detailType: "Step Functions Execution Status Change",
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate,
      stopDate: execution.stopDate ?? null,
      input: execution.input,
      output: execution.output ?? null,
      inputDetails: { included: true },
      outputDetails: execution.output === undefined ? null : { included: true },
      error: execution.error ?? null,
      cause: execution.cause ?? null,
      redriveCount: execution.redriveCount,
      redriveDate: execution.redriveDate ?? null,
      redriveStatus: redrivable ? "REDRIVABLE" : "NOT_REDRIVABLE",
      redriveStatusReason: redrivable ? null : `Execution is ${execution.status} and cannot be redriven`,
    },
  };
}

/** "SageMaker Processing Job State Change" (source aws.sagemaker): DescribeProcessingJob's fields, times in epoch ms. */
export function processingJobStateChange(job: DescribeProcessingJobResponse): BusEvent {
  const detail = Object.fromEntries(
    Object.entries(job)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, value instanceof Date ? value.getTime() : value]),
  );
  return { source: "aws.sagemaker", detailType: "SageMaker Processing Job State Change", resources: [job.ProcessingJobArn ?? ""], detail: { ...detail, Tags: {} } };
}

import type { CreateProcessingJobRequest, DescribeProcessingJobResponse } from "@aws-sdk/client-sagemaker";
import type { ProcessingJobs } from "../contracts";
import { AwsError } from "../errors";
import { mark } from "../trace";
import type { HistoryRecorder } from "./history";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SAGEMAKER_PROCESSING = "arn:aws:states:::sagemaker:createProcessingJob";
const SUPPORTED = [SAGEMAKER_PROCESSING, `${SAGEMAKER_PROCESSING}.sync`];

/** An error a Task state fails with; the interpreter reads `name` as the ASL error and `message` as the cause. */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export interface TaskContext {
  jobs: ProcessingJobs;
  history: HistoryRecorder;
  region: string;
  /** Aborted by StopExecution (and engine shutdown): a waiting `.sync` task stops its job. */
  signal: AbortSignal;
  /** Waits until the interpreter's own events before this point are in the history, so ours follow them. */
  settle(): Promise<void>;
  /** Remembers that a Task's failure event is written, so the interpreter's StateFailed does not write another. */
  markFailureRecorded(stateName: string): void;
}

/** One local handler per Task state name (ASL state names are unique across the whole machine). */
export function taskHandlers(
  tasks: Map<string, string>,
  context: TaskContext,
): Record<string, (input: Json) => Promise<Json>> {
  return Object.fromEntries([...tasks].map(([state, resource]) => [state, (input: Json) => runTask(state, resource, input, context)]));
}

async function runTask(state: string, resource: string, input: Json, context: TaskContext): Promise<Json> {
  await context.settle();
  const ids = taskIds(resource);
  void context.history.record("TaskScheduled", { ...ids, region: context.region, parameters: JSON.stringify(input) });
  void context.history.record("TaskStarted", ids);
  try {
    if (!SUPPORTED.includes(resource)) {
      throw new TaskError(
        "Ferry.UnsupportedResource",
        `The embedded engine cannot run Task resource ${resource}; it supports ${SUPPORTED.join(" and ")}.`,
      );
    }
    const output = await runProcessingJob(input, resource.endsWith(".sync"), context, ids);
    void context.history.record("TaskSucceeded", { ...ids, output: JSON.stringify(output), outputDetails: { truncated: false } });
    return output;
  } catch (error) {
    const failure = error instanceof TaskError ? error : new TaskError("States.TaskFailed", String(error));
    if (!context.signal.aborted) {
      context.markFailureRecorded(state);
      void context.history.record("TaskFailed", { ...ids, error: failure.name, cause: failure.message });
    }
    throw failure;
  }
}

async function runProcessingJob(
  input: Json,
  sync: boolean,
  context: TaskContext,
  ids: { resourceType: string; resource: string },
): Promise<Json> {
  const request = input as unknown as CreateProcessingJobRequest;
  mark(request.ProcessingJobName ?? "", "task.entered");
  let created: { ProcessingJobArn: string };
  try {
    created = await context.jobs.create(request);
  } catch (error) {
    throw sageMakerApiError(error);
  }
  if (!sync) return toStateJson(created);
  void context.history.record("TaskSubmitted", { ...ids, output: JSON.stringify(created), outputDetails: { truncated: false } });
  const name = request.ProcessingJobName ?? "";
  let final: DescribeProcessingJobResponse;
  try {
    final = await context.jobs.waitForTerminal(name, context.signal);
  } catch (error) {
    if (context.signal.aborted) {
      // StopExecution: AWS stops the job the `.sync` task was waiting for.
      await context.jobs.stop(name).catch(() => undefined);
    }
    throw error;
  }
  mark(name, "task.resumed");
  const description = toStateJson(final);
  if (final.ProcessingJobStatus !== "Completed") {
    // Like AWS, a job that ends Failed or Stopped fails the task with States.TaskFailed and the job's
    // description (FailureReason included) as the cause.
    throw new TaskError("States.TaskFailed", JSON.stringify(description));
  }
  return description;
}

/** An API error from SageMaker itself (e.g. a job name in use), named as Step Functions names it. */
function sageMakerApiError(error: unknown): TaskError {
  if (error instanceof AwsError) {
    return new TaskError(
      "SageMaker.AmazonSageMakerException",
      `${error.message} (Service: AmazonSageMaker; Status Code: ${error.status}; Error Code: ${error.code}; Request ID: ferry-local; Proxy: null)`,
    );
  }
  return new TaskError("States.TaskFailed", error instanceof Error ? error.message : String(error));
}

/** How history events name a service integration: `sagemaker` and `createProcessingJob.sync`. */
export function taskIds(resource: string): { resourceType: string; resource: string } {
  return {
    resourceType: /^arn:aws:states:::([^:]+):/.exec(resource)?.[1] ?? "unknown",
    resource: resource.split(":").pop() ?? resource,
  };
}

/** Step Functions hands service responses to the next state with timestamps as epoch milliseconds. */
function toStateJson(value: unknown): Json {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(toStateJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, v]) => v !== undefined && key !== "$metadata")
        .map(([key, v]) => [key, toStateJson(v)]),
    );
  }
  return value as Json;
}

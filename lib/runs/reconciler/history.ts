import type { HistoryEvent } from "@aws-sdk/client-sfn";
import type { StepStatus } from "@/generated/prisma/client";

/** What the history says about one step; only the fields it changed are set. */
export type StepPatch = {
  status?: StepStatus;
  jobName?: string;
  jobArn?: string;
  logUri?: string;
  instanceType?: string;
  imageUri?: string;
  inputs?: unknown;
  outputs?: unknown;
  failureReason?: string | null;
  attempts?: number;
  startedAt?: Date;
  endedAt?: Date | null;
};

/** A step as the database holds it; `failureReason` carries a failure over to the batch that says whether a Catch took it. */
export type StepState = { name: string; status: StepStatus; attempts: number; failureReason?: string | null };

type ProcessingParameters = {
  ProcessingJobName?: string;
  ProcessingInputs?: { InputName?: string; S3Input?: { S3Uri?: string; LocalPath?: string } }[];
  ProcessingOutputConfig?: { Outputs?: { OutputName?: string; S3Output?: { S3Uri?: string; LocalPath?: string } }[] };
  ProcessingResources?: { ClusterConfig?: { InstanceType?: string } };
  AppSpecification?: { ImageUri?: string };
};

function parseJson(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The processing job a TaskScheduled event asked for, as the monitor shows it. */
function scheduled(parameters: string | undefined): StepPatch {
  const p = (parseJson(parameters) ?? {}) as ProcessingParameters;
  return {
    ...(p.ProcessingJobName ? { jobName: p.ProcessingJobName } : {}),
    ...(p.ProcessingResources?.ClusterConfig?.InstanceType ? { instanceType: p.ProcessingResources.ClusterConfig.InstanceType } : {}),
    ...(p.AppSpecification?.ImageUri ? { imageUri: p.AppSpecification.ImageUri } : {}),
    inputs: (p.ProcessingInputs ?? []).map((i) => ({ name: i.InputName, uri: i.S3Input?.S3Uri, localPath: i.S3Input?.LocalPath })),
    outputs: (p.ProcessingOutputConfig?.Outputs ?? []).map((o) => ({ name: o.OutputName, uri: o.S3Output?.S3Uri, localPath: o.S3Output?.LocalPath })),
  };
}

/**
 * Folds new history events (ascending) into step patches. Task events carry no state name; Ferry's pipelines
 * are sequential, so they belong to the last Task state entered (carried over from the database between
 * batches as the RUNNING step). A failure followed by the state's exit (or by another state) was caught by a
 * Catch: the step stays FAILED while the execution goes on. Pure, so a replay of the same events gives the
 * same patches.
 */
export function applyEvents(steps: StepState[], events: HistoryEvent[]): Map<string, StepPatch> {
  const known = new Map(steps.map((s) => [s.name, s]));
  const patches = new Map<string, StepPatch>();
  let current = steps.find((s) => s.status === "RUNNING")?.name ?? null;
  const patch = (name: string | null, values: StepPatch) => {
    if (!name || !known.has(name)) return;
    patches.set(name, { ...patches.get(name), ...values });
  };
  const attemptsOf = (name: string) => patches.get(name)?.attempts ?? known.get(name)?.attempts ?? 0;
  const statusOf = (name: string) => patches.get(name)?.status ?? known.get(name)?.status;
  const failureOf = (name: string) => {
    const patched = patches.get(name)?.failureReason;
    return patched !== undefined ? patched : (known.get(name)?.failureReason ?? null);
  };
  /** The state has ended without failing the execution: FAILED if its last attempt failed (caught), else SUCCEEDED. */
  const exit = (name: string | null, at: Date) => {
    if (!name || statusOf(name) !== "RUNNING") return;
    patch(name, { status: failureOf(name) ? "FAILED" : "SUCCEEDED", endedAt: at });
  };

  for (const event of events) {
    const at = event.timestamp ?? new Date();
    const type = event.type ?? "";
    switch (type) {
      case "TaskScheduled":
        if (current) patch(current, { ...scheduled(event.taskScheduledEventDetails?.parameters), attempts: attemptsOf(current) + 1, failureReason: null, status: "RUNNING" });
        break;
      case "TaskFailed":
        patch(current, { failureReason: [event.taskFailedEventDetails?.error, event.taskFailedEventDetails?.cause].filter(Boolean).join(": ") });
        break;
      case "TaskTimedOut":
        patch(current, { failureReason: [event.taskTimedOutEventDetails?.error, event.taskTimedOutEventDetails?.cause].filter(Boolean).join(": ") });
        break;
      case "TaskStateExited":
        exit(event.stateExitedEventDetails?.name ?? current, at);
        current = null;
        break;
      case "ExecutionSucceeded":
        exit(current, at);
        break;
      case "ExecutionFailed":
      case "ExecutionTimedOut":
        patch(current, { status: "FAILED", endedAt: at });
        break;
      case "ExecutionAborted":
        patch(current, { status: "STOPPED", endedAt: at });
        break;
      default:
        if (type.endsWith("StateEntered")) {
          // Entering any state ends the one before it, should its exit event be missing.
          exit(current, at);
          current = type === "TaskStateEntered" ? (event.stateEnteredEventDetails?.name ?? null) : null;
          if (current) patch(current, { status: "RUNNING", startedAt: at, endedAt: null, failureReason: null });
        }
        break;
    }
  }
  return patches;
}

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

export type StepState = { name: string; status: StepStatus; attempts: number };

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
 * batches as the RUNNING step). Pure, so a replay of the same events gives the same patches.
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

  for (const event of events) {
    const at = event.timestamp ?? new Date();
    switch (event.type) {
      case "TaskStateEntered":
        current = event.stateEnteredEventDetails?.name ?? null;
        patch(current, { status: "RUNNING", startedAt: at, endedAt: null, failureReason: null });
        break;
      case "TaskScheduled":
        if (current) patch(current, { ...scheduled(event.taskScheduledEventDetails?.parameters), attempts: attemptsOf(current) + 1, failureReason: null, status: "RUNNING" });
        break;
      case "TaskFailed":
        patch(current, { failureReason: [event.taskFailedEventDetails?.error, event.taskFailedEventDetails?.cause].filter(Boolean).join(": ") });
        break;
      case "TaskTimedOut":
        patch(current, { failureReason: [event.taskTimedOutEventDetails?.error, event.taskTimedOutEventDetails?.cause].filter(Boolean).join(": ") });
        break;
      case "TaskStateExited": {
        const name = event.stateExitedEventDetails?.name ?? current;
        // A Catch that continues exits the state after a failure: keep it FAILED.
        const failed = name ? Boolean(patches.get(name)?.failureReason) && patches.get(name)?.status !== "SUCCEEDED" : false;
        patch(name ?? null, { status: failed ? "FAILED" : "SUCCEEDED", endedAt: at });
        current = null;
        break;
      }
      case "ExecutionFailed":
      case "ExecutionTimedOut":
        patch(current, { status: "FAILED", endedAt: at });
        break;
      case "ExecutionAborted":
        patch(current, { status: "STOPPED", endedAt: at });
        break;
      default:
        break;
    }
  }
  return patches;
}

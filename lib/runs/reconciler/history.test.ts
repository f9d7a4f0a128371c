import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { applyEvents, type StepState } from "./history";

const steps: StepState[] = [
  { name: "Pre", status: "PENDING", attempts: 0 },
  { name: "Post", status: "PENDING", attempts: 0 },
];
const TASK = { resource: "createProcessingJob.sync", resourceType: "sagemaker" };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
let id = 0;
const event = (type: string, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({ id: ++id, type, timestamp: at(id), ...extra }) as HistoryEvent;
const entered = (name: string) => event("TaskStateEntered", { stateEnteredEventDetails: { name } });
const scheduled = (job: string) =>
  event("TaskScheduled", {
    taskScheduledEventDetails: {
      resource: "createProcessingJob.sync",
      resourceType: "sagemaker",
      region: "us-east-1",
      parameters: JSON.stringify({ ProcessingJobName: job, ProcessingResources: { ClusterConfig: { InstanceType: "ml.m5.xlarge" } }, AppSpecification: { ImageUri: "img" } }),
    },
  });

describe("applyEvents", () => {
  it("follows a step from entered to succeeded, with its job", () => {
    const patches = applyEvents(steps, [entered("Pre"), scheduled("run-pre-0-0"), event("TaskSucceeded"), event("TaskStateExited", { stateExitedEventDetails: { name: "Pre" } })]);
    expect(patches.get("Pre")).toMatchObject({ status: "SUCCEEDED", jobName: "run-pre-0-0", instanceType: "ml.m5.xlarge", imageUri: "img", attempts: 1 });
    expect(patches.has("Post")).toBe(false);
  });

  it("counts retries and keeps the failure on the step when the execution fails", () => {
    const patches = applyEvents(steps, [
      entered("Pre"),
      scheduled("run-pre-0-0"),
      event("TaskFailed", { taskFailedEventDetails: { ...TASK, error: "E", cause: "first" } }),
      scheduled("run-pre-0-1"),
      event("TaskFailed", { taskFailedEventDetails: { ...TASK, error: "E", cause: "KeyError: 'x'" } }),
      event("ExecutionFailed"),
    ]);
    expect(patches.get("Pre")).toMatchObject({ status: "FAILED", attempts: 2, jobName: "run-pre-0-1", failureReason: "E: KeyError: 'x'" });
  });

  it("continues a batch from the step the database says is running", () => {
    const running: StepState[] = [{ name: "Pre", status: "RUNNING", attempts: 1 }, steps[1] as StepState];
    const patches = applyEvents(running, [event("ExecutionAborted")]);
    expect(patches.get("Pre")).toMatchObject({ status: "STOPPED" });
  });

  it("keeps a caught failure FAILED when the state exits and the execution goes on", () => {
    const patches = applyEvents(steps, [
      entered("Pre"),
      scheduled("run-pre-0-0"),
      event("TaskFailed", { taskFailedEventDetails: { ...TASK, error: "States.TaskFailed", cause: "ValueError: bad" } }),
      event("TaskStateExited", { stateExitedEventDetails: { name: "Pre" } }),
      entered("Post"),
      scheduled("run-post-0-0"),
      event("TaskSucceeded"),
      event("TaskStateExited", { stateExitedEventDetails: { name: "Post" } }),
      event("ExecutionSucceeded"),
    ]);
    expect(patches.get("Pre")).toMatchObject({ status: "FAILED", failureReason: "States.TaskFailed: ValueError: bad" });
    expect(patches.get("Post")).toMatchObject({ status: "SUCCEEDED" });
  });

  it("remembers a failure from an earlier batch when the Catch's exit arrives in the next one", () => {
    const first = applyEvents(steps, [entered("Post"), scheduled("run-post-0-0"), event("TaskFailed", { taskFailedEventDetails: { ...TASK, error: "E", cause: "boom" } })]);
    const stored = first.get("Post");
    expect(stored).toMatchObject({ status: "RUNNING", failureReason: "E: boom" });
    const carried: StepState[] = [steps[0] as StepState, { name: "Post", status: "RUNNING", attempts: 1, failureReason: stored?.failureReason ?? null }];
    const second = applyEvents(carried, [event("TaskStateExited", { stateExitedEventDetails: { name: "Post" } }), event("SucceedStateEntered", { stateEnteredEventDetails: { name: "Pipeline finished" } }), event("ExecutionSucceeded")]);
    expect(second.get("Post")).toMatchObject({ status: "FAILED" });
  });

  it("ends a caught step when the next state starts even without its exit event", () => {
    const patches = applyEvents(steps, [entered("Pre"), scheduled("a"), event("TaskFailed", { taskFailedEventDetails: { ...TASK, error: "E", cause: "x" } }), entered("Post")]);
    expect(patches.get("Pre")).toMatchObject({ status: "FAILED" });
    expect(patches.get("Post")).toMatchObject({ status: "RUNNING" });
  });

  it("counts a step whose retry succeeded as SUCCEEDED, not caught", () => {
    const patches = applyEvents(steps, [
      entered("Pre"),
      scheduled("run-pre-0-0"),
      event("TaskFailed", { taskFailedEventDetails: { ...TASK, error: "E", cause: "flaky" } }),
      scheduled("run-pre-0-1"),
      event("TaskSucceeded"),
      event("TaskStateExited", { stateExitedEventDetails: { name: "Pre" } }),
    ]);
    expect(patches.get("Pre")).toMatchObject({ status: "SUCCEEDED", attempts: 2, failureReason: null });
  });

  it("gives the same patches when the same events are applied again", () => {
    const events = [entered("Pre"), scheduled("run-pre-0-0")];
    expect(applyEvents(steps, events)).toEqual(applyEvents(steps, events));
  });
});

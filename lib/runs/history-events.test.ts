import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { eventRows } from "./history-events";

const t0 = new Date("2026-12-01T10:00:00.000Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

// A two-step history whose second step fails and is caught by a Catch into a Pass state.
const HISTORY: HistoryEvent[] = [
  { id: 1, type: "ExecutionStarted", timestamp: at(0), previousEventId: 0, executionStartedEventDetails: { input: '{"InputUri":"s3://b/in/"}' } },
  { id: 2, type: "TaskStateEntered", timestamp: at(0.1), previousEventId: 1, stateEnteredEventDetails: { name: "Preprocess", input: '{"a":1}' } },
  { id: 3, type: "TaskScheduled", timestamp: at(0.2), previousEventId: 2, taskScheduledEventDetails: { resourceType: "sagemaker", resource: "createProcessingJob.sync", region: "us-east-1", parameters: '{"ProcessingJobName":"job-1"}' } },
  { id: 4, type: "TaskSucceeded", timestamp: at(5), previousEventId: 3, taskSucceededEventDetails: { resourceType: "sagemaker", resource: "createProcessingJob.sync", output: '{"ProcessingJobStatus":"Completed"}' } },
  { id: 5, type: "TaskStateExited", timestamp: at(5.1), previousEventId: 4, stateExitedEventDetails: { name: "Preprocess", output: '{"a":2}' } },
  { id: 6, type: "TaskStateEntered", timestamp: at(5.2), previousEventId: 5, stateEnteredEventDetails: { name: "Score", input: '{"a":2}' } },
  { id: 7, type: "TaskScheduled", timestamp: at(5.3), previousEventId: 6, taskScheduledEventDetails: { resourceType: "sagemaker", resource: "createProcessingJob.sync", region: "us-east-1", parameters: "{}" } },
  { id: 8, type: "TaskFailed", timestamp: at(9), previousEventId: 7, taskFailedEventDetails: { resourceType: "sagemaker", resource: "createProcessingJob.sync", error: "States.TaskFailed", cause: "ValueError: bad column" } },
  { id: 9, type: "TaskStateExited", timestamp: at(9.1), previousEventId: 8, stateExitedEventDetails: { name: "Score", output: '{"Errors":{"score":{"Error":"States.TaskFailed"}}}' } },
  { id: 10, type: "PassStateEntered", timestamp: at(9.2), previousEventId: 9, stateEnteredEventDetails: { name: "Record failure", input: "not json" } },
  { id: 11, type: "PassStateExited", timestamp: at(9.3), previousEventId: 10, stateExitedEventDetails: { name: "Record failure", output: "{}" } },
  { id: 12, type: "ExecutionSucceeded", timestamp: at(9.4), previousEventId: 11, executionSucceededEventDetails: { output: "{}" } },
];

describe("eventRows", () => {
  const rows = eventRows(HISTORY, t0);

  it("names every event's state, Task events by the state entered last, execution events by none", () => {
    expect(rows.map((r) => r.step)).toEqual([null, "Preprocess", "Preprocess", "Preprocess", "Preprocess", "Score", "Score", "Score", "Score", "Record failure", "Record failure", null]);
  });

  it("gives the time since the start, and each state's input and output as JSON", () => {
    expect(rows.map((r) => r.elapsedMs)).toEqual([0, 100, 200, 5000, 5100, 5200, 5300, 9000, 9100, 9200, 9300, 9400]);
    expect(rows[0]?.input).toEqual({ InputUri: "s3://b/in/" });
    expect(rows[1]).toMatchObject({ type: "TaskStateEntered", input: { a: 1 } });
    expect(rows[4]).toMatchObject({ type: "TaskStateExited", output: { a: 2 } });
    expect(rows[2]).toMatchObject({ resource: "sagemaker:createProcessingJob.sync", parameters: { ProcessingJobName: "job-1" } });
    // Text that is not JSON is kept as it came.
    expect(rows[9]?.input).toBe("not json");
  });

  it("keeps a caught failure visible with its error and cause", () => {
    expect(rows[7]).toMatchObject({ type: "TaskFailed", step: "Score", error: "States.TaskFailed", cause: "ValueError: bad column" });
  });

  it("measures from the first event when the run's start is not known", () => {
    expect(eventRows(HISTORY.slice(1), null)[0]?.elapsedMs).toBe(0);
  });
});

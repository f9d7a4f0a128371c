import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { executionFromHistory } from "./execution-view";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const event = (id: number, type: string, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({ id, type, timestamp: at(id), ...extra }) as HistoryEvent;

describe("executionFromHistory", () => {
  it("learns nothing from task events alone: the run keeps what it has", () => {
    expect(executionFromHistory("RUNNING", [event(5, "TaskScheduled"), event(6, "TaskSucceeded")])).toEqual({ status: "RUNNING", learnt: false });
  });

  it("takes the end, its time, output or error from the execution's own events", () => {
    expect(executionFromHistory("RUNNING", [event(1, "ExecutionStarted"), event(9, "ExecutionSucceeded", { executionSucceededEventDetails: { output: '{"a":1}' } })])).toMatchObject({
      status: "SUCCEEDED",
      learnt: true,
      startDate: at(1),
      stopDate: at(9),
      output: '{"a":1}',
    });
    expect(executionFromHistory("RUNNING", [event(9, "ExecutionFailed", { executionFailedEventDetails: { error: "States.TaskFailed", cause: "boom" } })])).toMatchObject({ status: "FAILED", error: "States.TaskFailed", cause: "boom" });
    expect(executionFromHistory("RUNNING", [event(9, "ExecutionAborted", { executionAbortedEventDetails: { error: "Ferry.Stopped" } })])).toMatchObject({ status: "ABORTED", error: "Ferry.Stopped" });
    expect(executionFromHistory("RUNNING", [event(9, "ExecutionTimedOut")])).toMatchObject({ status: "TIMED_OUT" });
  });

  it("lets the latest execution event win: a failure then a redrive is running again, with the redrive count", () => {
    const view = executionFromHistory("RUNNING", [event(9, "ExecutionFailed", { executionFailedEventDetails: { error: "E" } }), event(10, "ExecutionRedriven", { executionRedrivenEventDetails: { redriveCount: 1 } })]);
    expect(view).toMatchObject({ status: "RUNNING", learnt: true, redriveCount: 1, error: null });
    expect(view.stopDate).toBeUndefined();
  });
});

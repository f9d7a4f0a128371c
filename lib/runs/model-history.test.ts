import { describe, expect, it } from "vitest";
import { successSummary } from "./model-history";

describe("successSummary", () => {
  it("does not count a run with failed steps as a success", () => {
    expect(successSummary(["SUCCEEDED", "SUCCEEDED_WITH_FAILED_STEPS"])).toEqual({ successRate: 0.5, finished: 2, withFailedSteps: 1, stopped: 0 });
  });

  it("leaves stopped and active runs out of the rate", () => {
    expect(successSummary(["SUCCEEDED", "ABORTED", "RUNNING", "FAILED"])).toEqual({ successRate: 0.5, finished: 2, withFailedSteps: 0, stopped: 1 });
  });

  it("has no rate before a run has finished", () => {
    expect(successSummary(["PENDING", "ABORTED"]).successRate).toBeNull();
  });
});

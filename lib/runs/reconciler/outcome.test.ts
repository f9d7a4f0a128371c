import { describe, expect, it } from "vitest";
import { RUN_STATUSES } from "../status";
import { outcomeNotice } from "./outcome";

const run = { executionName: "churn-0001", modelSlug: "churn", error: "States.TaskFailed" };

describe("outcomeNotice", () => {
  it("tells the starter of a failure, a time-out and caught failures, naming the steps", () => {
    expect(outcomeNotice("FAILED", run, ["Preprocess"])).toBe("Your run churn-0001 of churn failed at Preprocess (States.TaskFailed).");
    expect(outcomeNotice("TIMED_OUT", run, [])).toBe("Your run churn-0001 of churn timed out.");
    expect(outcomeNotice("SUCCEEDED_WITH_FAILED_STEPS", run, ["Post"])).toContain("finished with failed steps (Post)");
  });

  it("says nothing of a success, a stop or a run still going", () => {
    const silent = RUN_STATUSES.filter((s) => outcomeNotice(s, run, []) === null);
    expect(silent.sort()).toEqual(["ABORTED", "PENDING", "RUNNING", "SUCCEEDED"]);
  });
});

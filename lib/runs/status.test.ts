import { describe, expect, it } from "vitest";
import { RUN_STATUS_LABELS, RUN_STATUSES, runOutcome, statusWord } from "./status";

describe("run status", () => {
  it("tells a succeeded execution with a failed (caught) step apart", () => {
    expect(runOutcome("SUCCEEDED", ["SUCCEEDED", "SUCCEEDED", "FAILED"])).toBe("SUCCEEDED_WITH_FAILED_STEPS");
    expect(runOutcome("SUCCEEDED", ["SUCCEEDED", "SUCCEEDED"])).toBe("SUCCEEDED");
    expect(runOutcome("FAILED", ["FAILED", "PENDING"])).toBe("FAILED");
    expect(runOutcome("ABORTED", ["FAILED", "STOPPED"])).toBe("ABORTED");
  });

  it("never says 'aborted' to users", () => {
    expect(RUN_STATUSES.map((s) => RUN_STATUS_LABELS[s].toLowerCase()).join(" ")).not.toContain("abort");
    expect(statusWord("ABORTED")).toBe("Stopped");
    expect(statusWord("started")).toBe("started");
  });
});

import { describe, expect, it } from "vitest";
import { executionArnFor } from "./names";

describe("executionArnFor", () => {
  it("derives the execution ARN from the state machine's", () => {
    expect(executionArnFor("arn:aws:states:eu-west-1:123456789012:stateMachine:churn", "run-1")).toBe("arn:aws:states:eu-west-1:123456789012:execution:churn:run-1");
  });

  it("refuses something that is not a state machine ARN", () => {
    expect(() => executionArnFor("arn:aws:states:eu-west-1:123456789012:activity:x", "run-1")).toThrow(/state machine/);
  });
});

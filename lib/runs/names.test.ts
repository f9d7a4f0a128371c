import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EXECUTION_NAME_MAX, EXECUTION_NAME_PATTERN, processingJobName, SAGEMAKER_JOB_NAME_PATTERN } from "@/lib/pipelines/names";
import { executionArnFor, executionNameFor } from "./names";

describe("executionNameFor", () => {
  it("is deterministic and fits Step Functions and SageMaker for any slug", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.uuid(), (slug, id) => {
        const name = executionNameFor(slug, id);
        expect(name).toBe(executionNameFor(slug, id));
        expect(name.length).toBeLessThanOrEqual(EXECUTION_NAME_MAX);
        expect(name).toMatch(EXECUTION_NAME_PATTERN);
        expect(processingJobName(name, "postpr", 999, 9)).toMatch(SAGEMAKER_JOB_NAME_PATTERN);
      }),
    );
  });

  it("keeps the model's slug readable", () => {
    expect(executionNameFor("churn-model", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")).toBe("churn-model-0a1b2c3d4e5f4a6b8c7d9e0f");
  });
});

describe("executionArnFor", () => {
  it("derives the execution ARN from the state machine's", () => {
    expect(executionArnFor("arn:aws:states:eu-west-1:123456789012:stateMachine:churn", "run-1")).toBe("arn:aws:states:eu-west-1:123456789012:execution:churn:run-1");
  });

  it("refuses something that is not a state machine ARN", () => {
    expect(() => executionArnFor("arn:aws:states:eu-west-1:123456789012:activity:x", "run-1")).toThrow(/state machine/);
  });
});

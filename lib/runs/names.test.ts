import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EXECUTION_NAME_MAX, EXECUTION_NAME_PATTERN, processingJobName, SAGEMAKER_JOB_NAME_PATTERN } from "@/lib/pipelines/names";
import { executionNameFor } from "./names";

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

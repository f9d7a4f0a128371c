import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROCESSING_SYNC, toStateMachineDefinition } from "./asl";
import { ARTICLE_PIPELINE } from "./fixtures/article-pipeline";
import { EXECUTION_NAME_MAX, EXECUTION_NAME_PATTERN, JOB_NAME_MAX, processingJobName, SAGEMAKER_JOB_NAME_PATTERN } from "./names";
import { PipelineSpec, STEP_KEY_MAX, type Step } from "./spec";
import { aslProblems } from "./validate";

describe("toStateMachineDefinition", () => {
  const definition = toStateMachineDefinition(ARTICLE_PIPELINE, "article");

  it("produces a definition asl-validator accepts", () => {
    expect(aslProblems(definition)).toEqual([]);
  });

  it("matches the reviewed snapshot", () => {
    expect(definition).toMatchSnapshot();
  });

  it("chains the steps in order and ends after the last", () => {
    expect(definition.StartAt).toBe("Preprocessing Script Mode");
    const states = definition.States as Record<string, { Next?: string; End?: boolean; Resource?: string }>;
    expect(states["Preprocessing Script Mode"]?.Next).toBe("Inference Custom Container");
    expect(states["Inference Custom Container"]?.Next).toBe("Postprocessing Script Mode");
    expect(states["Postprocessing Script Mode"]?.End).toBe(true);
    expect(states["Postprocessing Script Mode"]?.Resource).toBe(PROCESSING_SYNC);
  });

  it("derives job names from the execution, the redrive and the retry count, never from the input", () => {
    const tasks = Object.values(definition.States) as { Type: string; Parameters?: Record<string, unknown> }[];
    const names = tasks.filter((s) => s.Type === "Task").map((s) => s.Parameters?.["ProcessingJobName.$"]);
    expect(names).toEqual([
      "States.Format('{}-pre-{}-{}', $$.Execution.Name, $$.Execution.RedriveCount, $$.State.RetryCount)",
      "States.Format('{}-infer-{}-{}', $$.Execution.Name, $$.Execution.RedriveCount, $$.State.RetryCount)",
      "States.Format('{}-post-{}-{}', $$.Execution.Name, $$.Execution.RedriveCount, $$.State.RetryCount)",
    ]);
  });

  it("adds a terminal Succeed state only when the last step continues on failure", () => {
    expect(definition.States["Pipeline finished"]).toEqual({ Type: "Succeed" });
    const failing = { ...ARTICLE_PIPELINE, steps: ARTICLE_PIPELINE.steps.map((s): Step => ({ ...s, onFailure: "fail" })) };
    expect(toStateMachineDefinition(failing, "x").States["Pipeline finished"]).toBeUndefined();
  });

  it("stays valid for any generated pipeline of 1 to 20 steps", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.boolean(), (count, continueOnFailure) => {
        const template = ARTICLE_PIPELINE.steps[0];
        if (!template) throw new Error("fixture has steps");
        const steps = Array.from({ length: count }, (_, i): Step => ({ ...template, key: `s${i}`, name: `Step ${i}`, onFailure: continueOnFailure ? "continue" : "fail" }));
        const spec = PipelineSpec.parse({ description: "", steps });
        return aslProblems(toStateMachineDefinition(spec, "gen")).length === 0;
      }),
      { numRuns: 12 },
    );
  });
});

describe("processing job names", () => {
  it("fit SageMaker's pattern for the longest execution name, step key, redrive and retry counts", () => {
    const longest = processingJobName("a".repeat(EXECUTION_NAME_MAX), "k".repeat(STEP_KEY_MAX), 1000, 10);
    expect(longest.length).toBeLessThanOrEqual(JOB_NAME_MAX);
    expect(longest).toMatch(SAGEMAKER_JOB_NAME_PATTERN);
  });

  it("fit for every execution name Ferry accepts", () => {
    const alnum = fc.constantFrom(..."abcXYZ0189");
    const executionName = fc
      .array(fc.oneof(alnum, fc.constant("-")), { minLength: 1, maxLength: EXECUTION_NAME_MAX })
      .map((chars) => chars.join(""))
      .filter((name) => EXECUTION_NAME_PATTERN.test(name));
    const stepKey = fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{0,${STEP_KEY_MAX - 1}}$`));
    fc.assert(
      fc.property(executionName, stepKey, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10 }), (name, key, redrive, retry) =>
        SAGEMAKER_JOB_NAME_PATTERN.test(processingJobName(name, key, redrive, retry)),
      ),
    );
  });

  it("refuses execution names that would overflow", () => {
    expect(EXECUTION_NAME_PATTERN.test("a".repeat(EXECUTION_NAME_MAX + 1))).toBe(false);
    expect(EXECUTION_NAME_PATTERN.test("run_1")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { PipelineSpec } from "@/lib/pipelines/spec";
import { ARTICLE_PIPELINE } from "@/lib/pipelines/fixtures/article-pipeline";
import { earlierOutputs, moveStep, newStep, removeStep, replaceStep } from "./steps";

describe("editor edits of a spec", () => {
  it("adds steps of either kind that validate and read the previous step's output", () => {
    let spec = ARTICLE_PIPELINE;
    spec = { ...spec, steps: [...spec.steps, newStep(spec, "script")] };
    spec = { ...spec, steps: [...spec.steps, newStep(spec, "container")] };
    expect(PipelineSpec.safeParse(spec).success).toBe(true);
    expect(spec.steps.map((s) => s.key)).toEqual(["pre", "infer", "post", "s1", "c1"]);
    expect(spec.steps[4]?.inputs[0]?.source).toEqual({ type: "step-output", step: "s1", output: "output" });
  });

  it("keeps later inputs pointing at a step whose key changes", () => {
    const [first] = ARTICLE_PIPELINE.steps;
    if (!first) throw new Error("fixture has steps");
    const spec = replaceStep(ARTICLE_PIPELINE, 0, { ...first, key: "prep" });
    expect(spec.steps[1]?.inputs[0]?.source).toEqual({ type: "step-output", step: "prep", output: "features" });
    expect(PipelineSpec.safeParse(spec).success).toBe(true);
  });

  it("moves and removes steps; moving past either end changes nothing", () => {
    expect(moveStep(ARTICLE_PIPELINE, 0, -1)).toBe(ARTICLE_PIPELINE);
    expect(moveStep(ARTICLE_PIPELINE, 0, 1).steps.map((s) => s.key)).toEqual(["infer", "pre", "post"]);
    expect(removeStep(ARTICLE_PIPELINE, 1).steps.map((s) => s.key)).toEqual(["pre", "post"]);
  });

  it("offers only earlier steps' outputs as sources", () => {
    expect(earlierOutputs(ARTICLE_PIPELINE, 0)).toEqual([]);
    expect(earlierOutputs(ARTICLE_PIPELINE, 2).map((o) => `${o.step}/${o.output}`)).toEqual(["pre/features", "infer/predictions"]);
  });
});

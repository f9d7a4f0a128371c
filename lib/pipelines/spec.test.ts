import { describe, expect, it } from "vitest";
import { ARTICLE_PIPELINE } from "./fixtures/article-pipeline";
import { PipelineSpec, type Step } from "./spec";

function issues(spec: unknown) {
  const result = PipelineSpec.safeParse(spec);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const [pre, infer, post] = ARTICLE_PIPELINE.steps as [Step, Step, Step];

describe("PipelineSpec", () => {
  it("accepts the article's pipeline", () => {
    expect(issues(ARTICLE_PIPELINE)).toEqual([]);
  });

  it.each([
    ["no steps", { description: "", steps: [] }, "steps: A pipeline needs at least one step"],
    ["duplicate keys", { description: "", steps: [pre, { ...infer, key: "pre" }] }, 'steps.1.key: Step key "pre" is used twice'],
    ["duplicate names", { description: "", steps: [pre, { ...infer, name: pre.name }] }, "is used twice"],
    ["reading a later step", { description: "", steps: [infer, pre] }, 'reads step "pre", which does not come before this step'],
    ["reading a missing output", { description: "", steps: [pre, { ...infer, inputs: [{ name: "x", source: { type: "step-output", step: "pre", output: "nope" }, localPath: "/opt/ml/processing/input" }] }] }, 'Step "pre" has no output "nope"'],
    ["script step without code", { description: "", steps: [{ ...post, inputs: [] }] }, "needs the model's code as an input"],
    ["a long step key", { description: "", steps: [{ ...pre, key: "preprocess" }] }, "at most 6 characters"],
    ["a local path outside /opt/ml/processing", { description: "", steps: [{ ...pre, outputs: [{ name: "o", localPath: "/etc/passwd" }] }] }, "under /opt/ml/processing/"],
    ["path traversal", { description: "", steps: [{ ...pre, outputs: [{ name: "o", localPath: "/opt/ml/processing/../../etc" }] }] }, "cannot contain .."],
    ["markup in a step name", { description: "", steps: [{ ...pre, name: "<script>" }] }, "Step name cannot contain"],
    ["too many retries", { description: "", steps: [{ ...pre, retry: { errors: ["States.ALL"], intervalSeconds: 1, backoffRate: 2, maxAttempts: 50 } }] }, "steps.0.retry.maxAttempts"],
  ])("refuses %s with a message that says where", (_, spec, expected) => {
    expect(issues(spec).join("\n")).toContain(expected);
  });
});

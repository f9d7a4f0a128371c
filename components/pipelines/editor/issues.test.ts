import { describe, expect, it } from "vitest";
import { ARTICLE_PIPELINE } from "@/lib/pipelines/fixtures/article-pipeline";
import { describePath, specIssues } from "./issues";

describe("spec issues for the editor", () => {
  it("are empty for a valid spec", () => {
    expect(specIssues(ARTICLE_PIPELINE)).toEqual([]);
  });

  it("point at the field, with the message a person can act on", () => {
    const steps = ARTICLE_PIPELINE.steps.map((s, i) => (i === 1 ? { ...s, key: "toolong", environment: { "1BAD": "x" } } : s));
    const spec = { ...ARTICLE_PIPELINE, steps };
    expect(specIssues(spec)).toEqual([
      { path: "steps.1.key", message: "Step key must be at most 6 characters (it is part of every job name)" },
      { path: "steps.1.environment.1BAD", message: "Environment variable names are letters, digits and _" },
    ]);
    expect(describePath(spec, "steps.1.inputs.0.source")).toBe("Step 2 (toolong) › inputs › 1 › source");
  });
});

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toStateMachineDefinition } from "./asl";
import { ARTICLE_PIPELINE } from "./fixtures/article-pipeline";
import { importDefinition } from "./import";
import { aslProblems } from "./validate";

describe("importDefinition", () => {
  it("round-trips a definition Ferry generated", () => {
    const { draft } = importDefinition(toStateMachineDefinition(ARTICLE_PIPELINE, "article"));
    expect(draft.kind).toBe("spec");
    if (draft.kind !== "spec") return;
    expect(draft.spec.steps.map((s) => [s.name, s.kind])).toEqual([
      ["Preprocessing Script Mode", "script"],
      ["Inference Custom Container", "container"],
      ["Postprocessing Script Mode", "script"],
    ]);
    expect(draft.spec.steps[1]?.inputs[0]?.source).toEqual({ type: "step-output", step: draft.spec.steps[0]?.key, output: "features" });
  });

  it("keeps definitions with other state types as raw, and says why", () => {
    const result = importDefinition({ StartAt: "Wait", States: { Wait: { Type: "Wait", Seconds: 1, End: true } } });
    expect(result.draft.kind).toBe("raw");
    expect(result.notes[0]).toContain('state "Wait" is not a SageMaker Processing task');
  });

  it("refuses what is not a definition", () => {
    expect(() => importDefinition({ hello: "world" })).toThrow("needs StartAt and States");
  });
});

// The public AWS sample lives in ../shared, outside this repo; the round trip above covers import without it.
const sample = path.resolve(__dirname, "../../../shared/reference/aws-sample/stepfunctions_config.json");
describe.skipIf(!existsSync(sample))("the AWS sample (skipped where ../shared is absent)", () => {
  it("imports into three editable steps whose generated definition validates", () => {
    const { draft, notes } = importDefinition(JSON.parse(readFileSync(sample, "utf8")));
    expect(notes.join(" ")).toContain("Recognised 3 processing step(s)");
    if (draft.kind !== "spec") throw new Error(`expected an editable pipeline, got raw: ${notes.join(" ")}`);
    expect(draft.spec.steps.map((s) => s.kind)).toEqual(["script", "container", "script"]);
    expect(draft.spec.steps.map((s) => s.kind === "script" && s.stage)).toEqual(["PREPROCESS", false, "POSTPROCESS"]);
    expect(aslProblems(toStateMachineDefinition(draft.spec, "sample"))).toEqual([]);
    // The second round trip is stable: importing Ferry's own output gives the same steps.
    const again = importDefinition(toStateMachineDefinition(draft.spec, "sample"));
    expect(again.draft).toEqual(draft);
  });
});

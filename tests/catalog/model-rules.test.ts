import { describe, expect, it } from "vitest";
import { missingForRun, type RunFacts } from "@/lib/catalog/models/missing";
import { ModelFields } from "@/lib/catalog/models/upsert";
import { guessStage } from "@/lib/catalog/scripts/stages";
import { modelListHref } from "@/components/catalog/models/list-url";

const framework = { uri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1", kind: "FRAMEWORK", status: "ACTIVE", hasLocalRuntime: true } as const;
const custom = { uri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/predict:1", kind: "CUSTOM", status: "ACTIVE", hasLocalRuntime: true } as const;
const READY: RunFacts = { image: custom, scriptImage: framework, stages: ["PREPROCESS", "POSTPROCESS", "SUPPORT"], inputUri: "s3://b/in/", outputUri: "s3://b/out/", codeVersion: 2 };

describe("missingForRun", () => {
  it("nothing for the article's shape: script-mode steps on a framework image, a custom inference container", () => {
    expect(missingForRun(READY)).toEqual([]);
  });

  it("names each gap as an instruction", () => {
    expect(missingForRun({ image: null, scriptImage: null, stages: [], inputUri: null, outputUri: null, codeVersion: 0 })).toEqual([
      "Upload the model's scripts.",
      "Choose the inference image.",
      "Mark a script as the inference script, or choose a custom inference image.",
      "Set the input data URI.",
      "Set the output data URI.",
    ]);
    expect(missingForRun({ ...READY, scriptImage: null })).toEqual(["Choose the framework image preprocess and postprocess run on."]);
    expect(missingForRun({ ...READY, image: { ...custom, hasLocalRuntime: false } })[0]).toContain("Upload the build context");
    expect(missingForRun({ ...READY, image: { ...custom, status: "DEPRECATED" } })[0]).toContain("deprecated");
    expect(missingForRun({ ...READY, image: framework })).toEqual(["Mark a script as the inference script, or choose a custom inference image."]);
  });
});

describe("ModelFields (shared with bulk import)", () => {
  it("normalises and defaults", () => {
    expect(ModelFields.parse({ slug: " Churn-Model ", displayName: "Churn", team: "risk", tags: "Churn, nightly, churn" })).toMatchObject({
      slug: "churn-model",
      tags: ["churn", "nightly"],
      inputUri: null,
      instanceType: "ml.m5.xlarge",
      volumeSizeGb: 20,
      maxRuntimeSeconds: 3600,
      status: "INVENTORIED",
    });
    expect(ModelFields.parse({ slug: "m1", displayName: "M", team: "t", volumeSizeGb: "50" }).volumeSizeGb).toBe(50);
  });

  it.each([
    [{ slug: "-bad" }, "slug"],
    [{ slug: "a".repeat(64) }, "slug"],
    [{ inputUri: "https://bucket/x" }, "inputUri"],
    [{ outputUri: "s3://UPPER/x" }, "outputUri"],
    [{ instanceType: "ml.banana.xlarge" }, "instanceType"],
    [{ maxRuntimeSeconds: 0 }, "maxRuntimeSeconds"],
    [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "tags"],
    [{ team: "<b>" }, "team"],
  ])("refuses %j", (override, field) => {
    const result = ModelFields.safeParse({ slug: "ok", displayName: "Ok", team: "risk", ...override });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe("guessStage", () => {
  it.each([
    ["preprocess.py", "PREPROCESS"],
    ["pre_processing.py", "PREPROCESS"],
    ["predict.py", "INFERENCE"],
    ["inference.py", "INFERENCE"],
    ["postprocess.py", "POSTPROCESS"],
    ["helpers.py", "SUPPORT"],
    ["lib/preprocess.py", "SUPPORT"],
    ["requirements.txt", "SUPPORT"],
  ])("%s → %s", (name, stage) => expect(guessStage(name)).toBe(stage));
});

describe("modelListHref", () => {
  it("keeps only what differs from the defaults", () => {
    expect(modelListHref({ sort: "updated", limit: 50 })).toBe("/models");
    expect(modelListHref({ team: "risk", sort: "name", limit: 50, tag: "a b" }, { cursor: "xyz" })).toBe("/models?team=risk&sort=name&tag=a+b&cursor=xyz");
  });
});

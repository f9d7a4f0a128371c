import { describe, expect, it } from "vitest";
import { ARTICLE_PIPELINE } from "@/lib/pipelines/fixtures/article-pipeline";
import { buildExecutionInput, type ExecutionInput, type ModelBinding } from "@/lib/pipelines/input";
import { checkEditedInput, inputChanges } from "./edited-input";

const resources = { imageUri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", instanceType: "ml.m5.xlarge", volumeSizeGb: 20, maxRuntimeSeconds: 3600 };
const binding: ModelBinding = {
  roleArn: "arn:aws:iam::111111111111:role/ferry-sagemaker",
  inputUri: "s3://ferry-data/churn/input/",
  codeUri: "s3://ferry-data/ferry/code/churn/2/",
  outputUri: "s3://ferry-data/churn/output/",
  scripts: { PREPROCESS: "prep.py", POSTPROCESS: "post.py" },
  steps: { pre: resources, infer: { ...resources, imageUri: "111111111111.dkr.ecr.us-east-1.amazonaws.com/legacycode:1.0" }, post: resources },
};
const approved = buildExecutionInput(ARTICLE_PIPELINE, binding).data as ExecutionInput;
const edit = (change: (input: ExecutionInput) => void): ExecutionInput => {
  const copy = structuredClone(approved);
  change(copy);
  return copy;
};
const check = (input: unknown) => checkEditedInput(ARTICLE_PIPELINE, approved, input);

describe("checkEditedInput", () => {
  it("accepts the approved input unchanged", () => {
    expect(check(approved)).toEqual({ ok: true, input: approved, changes: [] });
  });

  it("accepts data locations inside the approved prefixes and other job sizes, listing each change", () => {
    const result = check(
      edit((i) => {
        i.InputUri = "s3://ferry-data/churn/input/2026-11-30/";
        i.OutputUri = "s3://ferry-data/churn/output/scratch/";
        Object.assign(i.Steps.pre ?? {}, { InstanceType: "ml.m5.2xlarge", VolumeSizeInGB: 50, MaxRuntimeInSeconds: 600 });
      }),
    );
    expect(result.ok && result.changes.map((c) => c.path)).toEqual(["OutputUri", "InputUri", "Steps.pre.InstanceType", "Steps.pre.VolumeSizeInGB", "Steps.pre.MaxRuntimeInSeconds"]);
  });

  it.each([
    ["the code", (i: ExecutionInput) => void (i.CodeUri = "s3://ferry-data/ferry/code/churn/3/"), "input.CodeUri", "The code is bound by the approval"],
    ["a script's entrypoint", (i: ExecutionInput) => void ((i.Steps.pre ?? { Entrypoint: [] }).Entrypoint = ["python3", "/tmp/evil.py"]), "input.Steps.pre.Entrypoint", "The code is bound by the approval"],
    ["an image", (i: ExecutionInput) => void ((i.Steps.infer ?? { ImageUri: "" }).ImageUri = "111111111111.dkr.ecr.us-east-1.amazonaws.com/other:2"), "input.Steps.infer.ImageUri", "The image is bound by the approval"],
    ["the role", (i: ExecutionInput) => void (i.RoleArn = "arn:aws:iam::111111111111:role/admin"), "input.RoleArn", "The role is bound by the approval"],
    ["input data outside the approved prefix", (i: ExecutionInput) => void (i.InputUri = "s3://ferry-data/other-team/input/"), "input.InputUri", "Must be inside the approved location s3://ferry-data/churn/input/"],
    ["output into Ferry's code prefix", (i: ExecutionInput) => void (i.OutputUri = "s3://ferry-data/ferry/code/churn/2/"), "input.OutputUri", "Must be inside the approved location s3://ferry-data/churn/output/"],
    ["a prefix that looks like it climbs out", (i: ExecutionInput) => void (i.InputUri = "s3://ferry-data/churn/input/../../secrets/"), "input.InputUri", "Must not contain empty, . or .. folders"],
    ["another bucket", (i: ExecutionInput) => void (i.OutputUri = "s3://attacker-bucket/churn/output/"), "input.OutputUri", "Must be inside the approved location s3://ferry-data/churn/output/"],
  ])("refuses a change of %s, at its field", (_, change, field, message) => {
    expect(check(edit(change))).toEqual({ ok: false, fieldErrors: { [field]: [message] } });
  });

  it("validates against the pipeline's input schema, field by field", () => {
    const result = check(edit((i) => Object.assign(i.Steps.post ?? {}, { InstanceType: "ml.huge", MaxRuntimeInSeconds: 0 })));
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.fieldErrors).sort()).toEqual(["input.Steps.post.InstanceType", "input.Steps.post.MaxRuntimeInSeconds"]);
    expect(check("not an object").ok).toBe(false);
    expect(check({ ...approved, Steps: {} }).ok).toBe(false);
  });

  it("drops keys the schema does not know instead of passing them to Step Functions", () => {
    const result = check({ ...approved, Evil: "x" });
    expect(result.ok && "Evil" in result.input).toBe(false);
  });
});

describe("inputChanges", () => {
  it("lists changed, added and removed leaves; lists count as one value", () => {
    expect(inputChanges({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] }, d: 2 })).toEqual([
      { path: "b.c", from: [1, 2], to: [1, 3] },
      { path: "d", from: undefined, to: 2 },
    ]);
  });
});

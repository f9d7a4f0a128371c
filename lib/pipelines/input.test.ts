import { describe, expect, it } from "vitest";
import { ARTICLE_PIPELINE } from "./fixtures/article-pipeline";
import { buildExecutionInput, executionInputJsonSchema, type ModelBinding } from "./input";

const resources = { imageUri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", instanceType: "ml.m5.xlarge", volumeSizeGb: 20, maxRuntimeSeconds: 3600 };
const binding: ModelBinding = {
  roleArn: "arn:aws:iam::111111111111:role/service-role/AmazonSageMaker-ExecutionRole",
  inputUri: "s3://ferry-data/churn/input",
  codeUri: "s3://ferry-data/ferry/code/churn/2/",
  outputUri: "s3://ferry-data/ferry/runs/churn/",
  scripts: { PREPROCESS: "prep.py", POSTPROCESS: "post.py" },
  steps: { pre: resources, infer: { ...resources, imageUri: "111111111111.dkr.ecr.us-east-1.amazonaws.com/legacycode:1.0" }, post: resources },
};

describe("buildExecutionInput", () => {
  it("fills every step from the model, with script entrypoints under the code input's path", () => {
    const result = buildExecutionInput(ARTICLE_PIPELINE, binding);
    expect(result.success).toBe(true);
    expect(result.data?.InputUri).toBe("s3://ferry-data/churn/input/");
    expect(result.data?.Steps.pre).toMatchObject({ Entrypoint: ["python3", "/opt/ml/processing/input/code/prep.py"], InstanceType: "ml.m5.xlarge" });
    expect(result.data?.Steps.infer).not.toHaveProperty("Entrypoint");
  });

  it.each([
    ["a missing script", { ...binding, scripts: { PREPROCESS: "prep.py" } }, "Steps.post.Entrypoint"],
    ["a malformed role", { ...binding, roleArn: "admin" }, "RoleArn"],
    ["an unknown instance type", { ...binding, steps: { ...binding.steps, pre: { ...resources, instanceType: "ml.huge" } } }, "Steps.pre.InstanceType"],
    ["a runtime beyond SageMaker's limit", { ...binding, steps: { ...binding.steps, pre: { ...resources, maxRuntimeSeconds: 800_000 } } }, "Steps.pre.MaxRuntimeInSeconds"],
    ["a step without resources", { ...binding, steps: { pre: resources, post: resources } }, "Steps.infer.ImageUri"],
  ])("refuses %s and says which field", (_, bad, field) => {
    const result = buildExecutionInput(ARTICLE_PIPELINE, bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(field);
  });
});

describe("executionInputJsonSchema", () => {
  it("requires what the definition reads", () => {
    const schema = executionInputJsonSchema(ARTICLE_PIPELINE);
    expect(schema.required).toEqual(expect.arrayContaining(["RoleArn", "OutputUri", "InputUri", "CodeUri", "Steps"]));
    expect(schema.properties?.Steps).toMatchObject({ required: ["pre", "infer", "post"] });
  });
});

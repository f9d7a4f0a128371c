import { describe, expect, it } from "vitest";
import { AwsError } from "../errors";
import { serviceModel } from "../models/service-model";
import { sampleRequest } from "@/tests/engine/sample-request";
import { validateCreateRequest } from "./validate-create";

function rejection(body: unknown): AwsError {
  try {
    validateCreateRequest(body);
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error("expected the request to be rejected");
}

describe("validateCreateRequest", () => {
  it("accepts the article's preprocessing request", () => {
    expect(validateCreateRequest(sampleRequest()).ProcessingJobName).toBe("preprocess-run-1");
  });

  it.each(["a", "A-b--c", "x".repeat(63), "run-2026-01-01T10-00"])("accepts the job name %s", (name) => {
    expect(() => validateCreateRequest(sampleRequest({ ProcessingJobName: name }))).not.toThrow();
  });

  it.each(["", "-a", "a-", "a_b", "a.b", "x".repeat(64), "café"])("rejects the job name %j with AWS's wording", (name) => {
    const error = rejection(sampleRequest({ ProcessingJobName: name }));
    expect(error.code).toBe("ValidationException");
    // Like AWS, a name can break both the length and the pattern constraint.
    expect(error.message).toMatch(/^[12] validation errors? detected: Value '.*' at 'processingJobName' failed to satisfy constraint: Member must/);
  });

  it("names the 63-character maximum", () => {
    expect(rejection(sampleRequest({ ProcessingJobName: "x".repeat(64) })).message).toContain("Member must have length less than or equal to 63");
  });

  // The bound is the installed model's (lib/engine/models): AWS has raised it since that model was published.
  const maxRuntime = serviceModel("sagemaker").shapes.ProcessingMaxRuntimeInSeconds?.max ?? 0;

  it.each([
    [0, "greater than or equal to 1"],
    [maxRuntime + 1, `less than or equal to ${maxRuntime}`],
  ])("rejects MaxRuntimeInSeconds %i", (seconds, wording) => {
    const error = rejection(sampleRequest({ StoppingCondition: { MaxRuntimeInSeconds: seconds } }));
    expect(error.message).toContain("at 'stoppingCondition.maxRuntimeInSeconds'");
    expect(error.message).toContain(`Member must have value ${wording}`);
  });

  it("accepts the bounds of MaxRuntimeInSeconds and VolumeSizeInGB", () => {
    expect(() => validateCreateRequest(sampleRequest({ StoppingCondition: { MaxRuntimeInSeconds: 1 } }))).not.toThrow();
    expect(() => validateCreateRequest(sampleRequest({ StoppingCondition: { MaxRuntimeInSeconds: maxRuntime } }))).not.toThrow();
    const volume = sampleRequest();
    volume.ProcessingResources.ClusterConfig.VolumeSizeInGB = 16385;
    expect(rejection(volume).message).toContain("'processingResources.clusterConfig.volumeSizeInGB'");
  });

  it("reports every missing required member at once", () => {
    const body: Record<string, unknown> = { ...sampleRequest() };
    delete body.RoleArn;
    delete body.AppSpecification;
    const error = rejection(body);
    expect(error.message).toMatch(/^2 validation errors detected: /);
    expect(error.message).toContain("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    expect(error.message).toContain("Value null at 'appSpecification' failed to satisfy constraint: Member must not be null");
  });

  it("uses 1-based member paths for list items and enum sets", () => {
    const request = sampleRequest();
    const body = JSON.parse(JSON.stringify(request)) as Record<string, unknown>;
    body.ProcessingInputs = [{ InputName: "x", S3Input: { S3Uri: "s3://b/k", LocalPath: "/opt/ml/processing/x", S3DataType: "Folder" } }];
    expect(rejection(body).message).toContain(
      "Value 'Folder' at 'processingInputs.1.member.s3Input.s3DataType' failed to satisfy constraint: Member must satisfy enum value set: [ManifestFile, S3Prefix]",
    );
  });

  it("rejects an unknown instance type and a malformed role ARN", () => {
    const request = sampleRequest({ RoleArn: "not-an-arn-but-long-enough" });
    request.ProcessingResources.ClusterConfig.InstanceType = "ml.fake.huge" as never;
    const message = rejection(request).message;
    expect(message).toMatch(/^2 validation errors/);
    expect(message).toContain("'processingResources.clusterConfig.instanceType'");
    expect(message).toContain("'roleArn'");
  });

  it("rejects environment keys that are not identifiers and maps over 100 entries", () => {
    expect(rejection(sampleRequest({ Environment: { "1BAD": "x" } })).message).toBe(
      "1 validation error detected: Value '{1BAD=x}' at 'environment' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_]*]",
    );
    const big = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`K${i}`, "v"]));
    expect(rejection(sampleRequest({ Environment: big })).message).toContain("at 'environment' failed to satisfy constraint: Member must have length less than or equal to 100");
  });

  it.each([
    ["/opt/ml/other", "must be an absolute path under /opt/ml/processing/"],
    ["/opt/ml/processing/../../../etc", "must be an absolute path under /opt/ml/processing/"],
    ["relative/path", "must be an absolute path under /opt/ml/processing/"],
  ])("rejects the input LocalPath %s", (localPath, wording) => {
    const request = sampleRequest();
    const input = request.ProcessingInputs?.[0];
    if (input?.S3Input) input.S3Input.LocalPath = localPath;
    expect(rejection(request).message).toContain(wording);
  });

  it("rejects duplicate input names, Pipe mode and Gzip without Pipe", () => {
    const base = sampleRequest().ProcessingInputs?.[0];
    if (!base?.S3Input) throw new Error("sample has an input");
    expect(rejection(sampleRequest({ ProcessingInputs: [base, base] })).message).toContain("InputName 'input_data' is used more than once");
    const pipe = { ...base, S3Input: { ...base.S3Input, S3InputMode: "Pipe" as const } };
    expect(rejection(sampleRequest({ ProcessingInputs: [pipe] })).message).toContain("Pipe input mode is not supported");
    const gzip = { ...base, S3Input: { ...base.S3Input, S3CompressionType: "Gzip" as const } };
    expect(rejection(sampleRequest({ ProcessingInputs: [gzip] })).message).toContain("Gzip compression can only be used with Pipe");
  });

  it("refuses more than one instance as a resource limit of the engine", () => {
    const request = sampleRequest();
    request.ProcessingResources.ClusterConfig.InstanceCount = 2;
    expect(rejection(request).code).toBe("ResourceLimitExceeded");
  });
});

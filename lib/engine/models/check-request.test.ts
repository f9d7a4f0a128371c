import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AwsError } from "../errors";
import { assertValidRequest } from "./index";
import { MissingServiceModel, modelFile } from "./locate";
import { compilePattern, serviceModel } from "./service-model";

function refusal(service: "sagemaker" | "stepfunctions", operation: string, body: unknown): AwsError {
  try {
    assertValidRequest(service, operation, body);
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error("expected the request to be refused");
}

/** The operations the engine serves today (lib/engine/sfn/service.ts, lib/engine/sagemaker/operations.ts). */
const SERVED = {
  stepfunctions: [
    "CreateStateMachine", "UpdateStateMachine", "DescribeStateMachine", "ListStateMachines", "DeleteStateMachine",
    "ValidateStateMachineDefinition", "StartExecution", "DescribeExecution", "DescribeStateMachineForExecution",
    "ListExecutions", "GetExecutionHistory", "StopExecution", "RedriveExecution", "TagResource", "UntagResource", "ListTagsForResource",
  ],
  sagemaker: ["CreateProcessingJob", "DescribeProcessingJob", "ListProcessingJobs", "StopProcessingJob"],
} as const;

describe("AWS's service models (botocore's data files)", () => {
  it.each(["sagemaker", "stepfunctions"] as const)("%s: every pattern compiles as a whole-value JavaScript pattern", (service) => {
    const patterns = Object.values(serviceModel(service).shapes).flatMap((shape) => (shape.pattern ? [shape.pattern] : []));
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) expect(() => compilePattern(pattern)).not.toThrow();
  });

  it("covers every operation the engine serves but those newer than the installed model", () => {
    const missing = (service: keyof typeof SERVED) => SERVED[service].filter((op) => !serviceModel(service).operations[op]);
    expect(missing("sagemaker")).toEqual([]);
    // Added to Step Functions after January 2023; the engine's own rules check them (lib/engine/README.md).
    expect(missing("stepfunctions").every((op) => ["RedriveExecution", "ValidateStateMachineDefinition"].includes(op))).toBe(true);
  });

  it("says how to install the models when none is found", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "ferry-no-models-"));
    try {
      expect(() => modelFile("sagemaker", { FERRY_AWS_MODELS_DIR: empty })).toThrow(MissingServiceModel);
      expect(() => modelFile("sagemaker", { FERRY_AWS_MODELS_DIR: empty })).toThrow(/apt-get install awscli/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe("assertValidRequest", () => {
  it("words violations as AWS does: values, 1-based list paths, every violation at once", () => {
    const error = refusal("stepfunctions", "TagResource", { resourceArn: "", tags: [{ key: "k".repeat(129), value: "v" }] });
    expect(error.code).toBe("ValidationException");
    expect(error.message).toBe(
      "2 validation errors detected: Value '' at 'resourceArn' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '${"k".repeat(129)}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });

  it("reports a missing required member as null and an enum as its value set", () => {
    expect(refusal("stepfunctions", "DescribeExecution", {}).message).toBe(
      "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null",
    );
    const error = refusal("stepfunctions", "ListExecutions", { statusFilter: "DONE" });
    expect(error.message).toContain("Value 'DONE' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED");
  });

  it("leaves a sensitive member's value out of the message", () => {
    const arn = "arn:aws:states:us-east-1:000000000000:stateMachine:m";
    const max = serviceModel("stepfunctions").shapes.SensitiveData?.max ?? 0;
    const error = refusal("stepfunctions", "StartExecution", { stateMachineArn: arn, input: "x".repeat(max + 1) });
    expect(error.message).toBe(`1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  });

  it("matches patterns against the whole value, as Java's matches() does", () => {
    // The model's pattern has no `$`: a prefix match would accept "good_name".
    expect(refusal("sagemaker", "DescribeProcessingJob", { ProcessingJobName: "good_name" }).message).toContain("Member must satisfy regular expression pattern");
    expect(() => assertValidRequest("sagemaker", "DescribeProcessingJob", { ProcessingJobName: "good-name" })).not.toThrow();
  });

  it("refuses a value of the wrong type with SerializationException, a body that is not an object too", () => {
    expect(refusal("sagemaker", "ListProcessingJobs", { MaxResults: "10" }).code).toBe("SerializationException");
    expect(refusal("stepfunctions", "ListStateMachines", [1, 2]).code).toBe("SerializationException");
    expect(refusal("sagemaker", "ListProcessingJobs", { MaxResults: 1.5 }).code).toBe("SerializationException");
  });

  it("ignores members the model does not know, as AWS does", () => {
    expect(() => assertValidRequest("stepfunctions", "ListStateMachines", { somethingNew: { deep: [1, 2, 3] } })).not.toThrow();
  });

  it("checks a huge list by its length without walking a million items", () => {
    const inputs = Array.from({ length: 1_000_000 }, () => ({ InputName: "" }));
    const started = Date.now();
    const error = refusal("sagemaker", "CreateProcessingJob", { ProcessingInputs: inputs });
    expect(error.message).toContain("at 'processingInputs' failed to satisfy constraint: Member must have length less than or equal to 10");
    expect(error.message).not.toContain("processingInputs.1.member");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("stops at a hundred violations in a list the model sets no length for", () => {
    const tags = Array.from({ length: 1_000_000 }, () => ({ key: "" }));
    const started = Date.now();
    const error = refusal("stepfunctions", "TagResource", { resourceArn: "arn:aws:states:us-east-1:000000000000:stateMachine:m", tags });
    expect(error.message).toMatch(/^100 validation errors detected: /);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("passes operations newer than the model to the engine's own rules", () => {
    expect(() => assertValidRequest("stepfunctions", "SomeFutureOperation", { anything: 1 })).not.toThrow();
  });
});

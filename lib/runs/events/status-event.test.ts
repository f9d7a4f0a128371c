import { describe, expect, it } from "vitest";
import { executionCandidates, parseStatusEvent } from "./status-event";

const execution = (detail: object) => JSON.stringify({ source: "aws.states", "detail-type": "Step Functions Execution Status Change", detail });
const ARN = "arn:aws:states:us-east-1:000000000000:execution:ferry-dp-x:churn-0123456789abcdef01234567";

describe("parseStatusEvent", () => {
  it("reads an execution's status change", () => {
    expect(parseStatusEvent(execution({ executionArn: ARN, status: "SUCCEEDED", redriveCount: 0, output: "{}" }))).toEqual({
      kind: "execution",
      executionArn: ARN,
      executionName: "churn-0123456789abcdef01234567",
      status: "SUCCEEDED",
      redriveCount: 0,
    });
  });

  it("reads a processing job's state change", () => {
    const body = JSON.stringify({
      source: "aws.sagemaker",
      "detail-type": "SageMaker Processing Job State Change",
      detail: { ProcessingJobName: "churn-abc-pre-0-1", ProcessingJobArn: "arn:aws:sagemaker:us-east-1:0:processing-job/churn-abc-pre-0-1", ProcessingJobStatus: "Failed", FailureReason: "AlgorithmError: x", LastModifiedTime: 1_700_000_000_000, ProcessingResources: { ClusterConfig: { InstanceType: "ml.m5.xlarge" } } },
    });
    expect(parseStatusEvent(body)).toMatchObject({ kind: "job", job: { jobName: "churn-abc-pre-0-1", status: "Failed", failureReason: "AlgorithmError: x", instanceType: "ml.m5.xlarge", lastModifiedAt: new Date(1_700_000_000_000) } });
  });

  it("refuses anything else: not JSON, other events, malformed ARNs, statuses and names, huge numbers", () => {
    for (const body of [
      undefined,
      "not json",
      "[]",
      JSON.stringify({ source: "aws.states", "detail-type": "Step Functions State Machine Created", detail: {} }),
      execution({ executionArn: "arn:aws:states:us-east-1:000000000000:stateMachine:x", status: "SUCCEEDED" }),
      execution({ executionArn: ARN, status: "DONE" }),
      execution({ executionArn: ARN, status: "RUNNING", redriveCount: -1 }),
      JSON.stringify({ source: "aws.sagemaker", "detail-type": "SageMaker Processing Job State Change", detail: { ProcessingJobName: "../x", ProcessingJobArn: "a", ProcessingJobStatus: "Completed", LastModifiedTime: 1 } }),
      JSON.stringify({ source: "aws.sagemaker", "detail-type": "SageMaker Processing Job State Change", detail: { ProcessingJobName: "x", ProcessingJobArn: "a", ProcessingJobStatus: "Completed", LastModifiedTime: 1e300 } }),
    ]) {
      expect(parseStatusEvent(body)).toBeNull();
    }
  });
});

describe("executionCandidates", () => {
  it("offers every prefix before a dash, and the redrive count", () => {
    expect(executionCandidates("churn-demo-0123-pre-x-2-1")).toEqual({ names: ["churn", "churn-demo", "churn-demo-0123", "churn-demo-0123-pre"], redrive: 2 });
  });

  it("knows no run for a job name Ferry did not make", () => {
    expect(executionCandidates("my-own-job")).toBeNull();
  });
});

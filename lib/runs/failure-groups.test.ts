import { describe, expect, it } from "vitest";
import { failureGroupOf } from "./failure-groups";

const traceback = (job: string) => `ClientError: AlgorithmError: job ${job} failed
Traceback (most recent call last):
  File "/opt/ml/processing/input/code/preprocess.py", line 12, in <module>
    row["customer_id"]
KeyError: 'customer_id'`;

describe("failureGroupOf", () => {
  it("groups the same Python error across models and runs", () => {
    const a = failureGroupOf("SageMaker.AmazonSageMakerException", traceback("churn-0a1b2c3d4e5f4a6b8c7d9e0f-pre-0-0"));
    const b = failureGroupOf("SageMaker.AmazonSageMakerException", traceback("fraud-ffffffffffffffffffffffff-pre-1-2"));
    expect(a).toBe(b);
    expect(a).toBe("SageMaker.AmazonSageMakerException: KeyError: 'customer_id'");
  });

  it("takes numbers, ids and locations out of other reasons", () => {
    const a = failureGroupOf("States.Timeout", "Task timed out after 3600 seconds reading s3://bucket/a/b/");
    const b = failureGroupOf("States.Timeout", "Task timed out after 120 seconds reading s3://other/c/");
    expect(a).toBe(b);
  });

  it("reads the job's FailureReason out of a .sync task's JSON cause", () => {
    const cause = JSON.stringify({ ProcessingJobName: "x-0a1b2c3d4e5f4a6b8c7d9e0f-pre-0-0", FailureReason: "AlgorithmError: exited with code 1: Traceback (most recent call last):\n  File \"p.py\", line 2\nValueError: column 'age' has non-numeric value 'n/a' on line 3" });
    expect(failureGroupOf("States.TaskFailed", cause)).toBe("States.TaskFailed: ValueError: column 'age' has non-numeric value 'n/a' on line N");
  });

  it("is empty for a run without error", () => {
    expect(failureGroupOf(null, null)).toBeNull();
  });
});

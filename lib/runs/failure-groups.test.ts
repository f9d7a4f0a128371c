import fc from "fast-check";
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

  it("keeps e-mail addresses as written, digits and all", () => {
    expect(failureGroupOf("Ferry.Stopped", "Stopped by ds2@ferry.local after 30 s")).toBe("Ferry.Stopped: Stopped by ds2@ferry.local after N s");
    expect(failureGroupOf("E", "no access for first.last99@corp-2.example.com (code 403)")).toBe("E: no access for first.last99@corp-2.example.com (code N)");
  });

  it("keeps digits inside names people recognise and takes out numbers standing alone", () => {
    expect(failureGroupOf("E", "KeyError: 'feature_1' in x86_64 build py3 at line 12, port 5432, host 10.0.0.1")).toBe("E: KeyError: 'feature_1' in x86_64 build py3 at line N, port N, host N");
  });

  it("never rewrites an e-mail address anywhere in a reason (property)", () => {
    const words = fc.stringMatching(/^[a-z0-9 ,:()]{0,30}$/);
    fc.assert(
      fc.property(words, fc.emailAddress({ size: "small" }), words, (before, email, after) => {
        const group = failureGroupOf("E", `${before} ${email} ${after}`) ?? "";
        expect(group).toContain(email);
      }),
    );
  });

  it("puts the same reason with different numbers, job names and ids in one group (property)", () => {
    const hex24 = fc.stringMatching(/^[0-9a-f]{24}$/);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), hex24, hex24, fc.uuid(), fc.uuid(), (n1, n2, h1, h2, id1, id2) => {
        const reason = (n: number, hex: string, id: string) => `job churn-${hex}-post-0-${n} failed after ${n} s on line ${n} for request ${id}`;
        expect(failureGroupOf("States.TaskFailed", reason(n1, h1, id1))).toBe(failureGroupOf("States.TaskFailed", reason(n2, h2, id2)));
      }),
    );
  });

  it("is empty for a run without error", () => {
    expect(failureGroupOf(null, null)).toBeNull();
  });
});

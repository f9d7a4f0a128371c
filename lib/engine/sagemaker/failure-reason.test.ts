import { describe, expect, it } from "vitest";
import { algorithmError, clip, REASON_LIMIT, runtimeExceeded } from "./failure-reason";

describe("FailureReason", () => {
  it("keeps the end of a long traceback within 1024 characters", () => {
    const traceback = `Traceback (most recent call last):\n${"  File \"x.py\", line 1\n".repeat(200)}ValueError: bad column 'price'`;
    const reason = algorithmError(1, traceback);
    expect(reason.length).toBeLessThanOrEqual(REASON_LIMIT);
    expect(reason.startsWith("AlgorithmError: the container exited with code 1: ...")).toBe(true);
    expect(reason.endsWith("ValueError: bad column 'price'")).toBe(true);
  });

  it("keeps a short stderr whole", () => {
    expect(algorithmError(2, "boom\n")).toBe("AlgorithmError: the container exited with code 2: boom");
  });

  it("points at the log when stderr is empty", () => {
    expect(algorithmError(3, "")).toContain("See the job log");
  });

  it("names MaxRuntimeInSeconds", () => {
    expect(runtimeExceeded(5)).toContain("exceeded MaxRuntimeInSeconds (5 s)");
  });

  it("clips other messages at the limit", () => {
    expect(clip("x".repeat(5000))).toHaveLength(REASON_LIMIT);
    expect(clip("short")).toBe("short");
  });
});

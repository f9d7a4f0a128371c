import { describe, expect, it } from "vitest";
import { unconfirmed, worthReading, type RunState } from "./hints";
import type { StatusHint } from "./status-event";

const run = (status: RunState["status"], redriveCount = 0): RunState => ({ id: "r", status, redriveCount, executionArn: "arn" });
const execution = (status: string, redriveCount: number | null = 0): StatusHint => ({ kind: "execution", executionArn: "arn", executionName: "x", status, redriveCount });
const job = (status: string, name = "exec-pre-0-0"): StatusHint => ({ kind: "job", job: { jobName: name, jobArn: "a", status, lastModifiedAt: new Date(0) } });

describe("worthReading", () => {
  it("reads an end the catalog has not recorded, and a job starting in a running run", () => {
    expect(worthReading(execution("SUCCEEDED"), run("RUNNING"))).toBe(true);
    expect(worthReading(execution("ABORTED"), run("RUNNING"))).toBe(true);
    expect(worthReading(job("InProgress"), run("RUNNING"))).toBe(true);
  });

  it("skips what teaches nothing: RUNNING for a running run, anything stale for an ended one, finished jobs", () => {
    expect(worthReading(execution("RUNNING"), run("RUNNING"))).toBe(false);
    expect(worthReading(execution("RUNNING"), run("SUCCEEDED"))).toBe(false);
    expect(worthReading(execution("FAILED"), run("SUCCEEDED_WITH_FAILED_STEPS"))).toBe(false);
    expect(worthReading(job("InProgress"), run("FAILED"))).toBe(false);
    expect(worthReading(job("Completed"), run("RUNNING"))).toBe(false);
    expect(worthReading(execution("SUCCEEDED"), { ...run("PENDING"), executionArn: null })).toBe(false);
  });

  it("reads a redrive the catalog has not seen, and ignores events from before one it has", () => {
    expect(worthReading(execution("RUNNING", 1), run("FAILED", 0))).toBe(true);
    expect(worthReading(job("InProgress", "exec-pre-1-0"), run("FAILED", 0))).toBe(true);
    expect(worthReading(execution("FAILED", 0), run("RUNNING", 1))).toBe(false);
  });
});

describe("unconfirmed", () => {
  it("keeps a message announcing an end the catalog does not show after the read", () => {
    expect(unconfirmed(execution("SUCCEEDED"), run("RUNNING"))).toBe(true);
    expect(unconfirmed(execution("SUCCEEDED"), run("SUCCEEDED"))).toBe(false);
    expect(unconfirmed(execution("FAILED", 0), run("RUNNING", 1))).toBe(false);
    expect(unconfirmed(job("Completed"), run("RUNNING"))).toBe(false);
  });

  it("keeps any event of a run whose start the catalog has not recorded yet (a job starting before StartExecution's answer is committed)", () => {
    const starting = { ...run("PENDING"), executionArn: null };
    expect(worthReading(job("InProgress"), starting)).toBe(false);
    expect(unconfirmed(job("InProgress"), starting)).toBe(true);
    expect(unconfirmed(execution("RUNNING"), starting)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { AwsError } from "../errors";
import type { JobRecord } from "./job-record";
import { listJobs } from "./list-jobs";
import { sampleRequest } from "@/tests/engine/sample-request";

function record(name: string, status: JobRecord["status"], creationTime: number): JobRecord {
  return { request: sampleRequest({ ProcessingJobName: name }), arn: `arn:${name}`, status, phase: "finished", creationTime, lastModifiedTime: creationTime + 10 };
}

const records = [
  record("prep-a", "Completed", 1_000),
  record("infer-b", "Failed", 2_000),
  record("prep-c", "InProgress", 3_000),
  record("post-d", "Completed", 4_000),
];

const names = (body: unknown) => (listJobs(records, body).ProcessingJobSummaries ?? []).map((s) => s.ProcessingJobName);

describe("listJobs", () => {
  it("sorts by creation time, ascending, by default", () => {
    expect(names({})).toEqual(["prep-a", "infer-b", "prep-c", "post-d"]);
  });

  it("filters by name, status and times (epoch seconds on the wire)", () => {
    expect(names({ NameContains: "PREP" })).toEqual(["prep-a", "prep-c"]);
    expect(names({ StatusEquals: "Completed" })).toEqual(["prep-a", "post-d"]);
    expect(names({ CreationTimeAfter: 1.5, CreationTimeBefore: 3.5 })).toEqual(["infer-b", "prep-c"]);
    expect(names({ LastModifiedTimeAfter: 2.5 })).toEqual(["prep-c", "post-d"]);
  });

  it("sorts by name or status in either order", () => {
    expect(names({ SortBy: "Name", SortOrder: "Descending" })).toEqual(["prep-c", "prep-a", "post-d", "infer-b"]);
    expect(names({ SortBy: "Status" })[0]).toBe("post-d");
  });

  it("pages with NextToken until the end", () => {
    const first = listJobs(records, { MaxResults: 3 });
    expect(first.ProcessingJobSummaries).toHaveLength(3);
    expect(first.NextToken).toBeTypeOf("string");
    const second = listJobs(records, { MaxResults: 3, NextToken: first.NextToken });
    expect(second.ProcessingJobSummaries?.map((s) => s.ProcessingJobName)).toEqual(["post-d"]);
    expect(second.NextToken).toBeUndefined();
  });

  it("refuses a token from another query and garbage tokens", () => {
    const token = listJobs(records, { MaxResults: 1 }).NextToken;
    expect(() => listJobs(records, { MaxResults: 1, NextToken: token, StatusEquals: "Failed" })).toThrow(AwsError);
    expect(() => listJobs(records, { NextToken: "garbage" })).toThrow(/Invalid pagination token/);
  });

  it("summarizes with status, ARN and timestamps as dates", () => {
    const [summary] = listJobs(records, { StatusEquals: "Failed" }).ProcessingJobSummaries ?? [];
    expect(summary).toMatchObject({ ProcessingJobArn: "arn:infer-b", ProcessingJobStatus: "Failed", CreationTime: new Date(2_000) });
  });
});

import type { ListProcessingJobsResponse } from "@aws-sdk/client-sagemaker";
import { z } from "zod";
import { AwsError } from "../errors";
import { summarizeRecord, type JobRecord } from "./job-record";
import { fromWireTimestamp } from "./wire";

const timestamp = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    const ms = fromWireTimestamp(value);
    if (ms === undefined) ctx.addIssue({ code: "custom", message: "is not a timestamp" });
    return ms;
  })
  .optional();

// The service model has checked lengths, ranges and enum values (operations.ts); this reads the timestamps.
const listRequest = z.object({
  CreationTimeAfter: timestamp,
  CreationTimeBefore: timestamp,
  LastModifiedTimeAfter: timestamp,
  LastModifiedTimeBefore: timestamp,
  NameContains: z.string().optional(),
  StatusEquals: z.string().optional(),
  SortBy: z.string().optional(),
  SortOrder: z.string().optional(),
  NextToken: z.string().optional(),
  MaxResults: z.number().optional(),
});

type ListRequest = z.infer<typeof listRequest>;

/**
 * ListProcessingJobs over the engine's records: filters, sort (SageMaker's defaults: CreationTime,
 * Ascending), and pages of MaxResults (default 10) with an opaque NextToken that carries the offset and the
 * query it belongs to, so a token cannot be replayed against different filters.
 */
export function listJobs(records: readonly JobRecord[], body: unknown): ListProcessingJobsResponse {
  const parsed = listRequest.safeParse(body ?? {}, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AwsError("SerializationException", `${issue?.path.join(".") ?? "the request"} ${issue?.message ?? "cannot be read"}`);
  }
  const query = parsed.data;
  const matching = records.filter((record) => matches(record, query)).sort(comparator(query));
  const fingerprint = queryFingerprint(query);
  const offset = query.NextToken === undefined ? 0 : readToken(query.NextToken, fingerprint);
  const size = query.MaxResults ?? 10;
  const page = matching.slice(offset, offset + size);
  const next = offset + size < matching.length ? makeToken(offset + size, fingerprint) : undefined;
  return { ProcessingJobSummaries: page.map(summarizeRecord), NextToken: next };
}

function matches(record: JobRecord, q: ListRequest): boolean {
  const name = record.request.ProcessingJobName;
  return (
    (q.NameContains === undefined || name.toLowerCase().includes(q.NameContains.toLowerCase())) &&
    (q.StatusEquals === undefined || record.status === q.StatusEquals) &&
    (q.CreationTimeAfter === undefined || record.creationTime > q.CreationTimeAfter) &&
    (q.CreationTimeBefore === undefined || record.creationTime < q.CreationTimeBefore) &&
    (q.LastModifiedTimeAfter === undefined || record.lastModifiedTime > q.LastModifiedTimeAfter) &&
    (q.LastModifiedTimeBefore === undefined || record.lastModifiedTime < q.LastModifiedTimeBefore)
  );
}

function comparator(q: ListRequest): (a: JobRecord, b: JobRecord) => number {
  const sign = q.SortOrder === "Descending" ? -1 : 1;
  const key = (r: JobRecord): string | number =>
    q.SortBy === "Name" ? r.request.ProcessingJobName : q.SortBy === "Status" ? r.status : r.creationTime;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    const primary = ka < kb ? -1 : ka > kb ? 1 : 0;
    // Ties break on name so pages never overlap or skip.
    return sign * (primary || a.request.ProcessingJobName.localeCompare(b.request.ProcessingJobName));
  };
}

function queryFingerprint(q: ListRequest): string {
  return JSON.stringify({ ...q, NextToken: undefined, MaxResults: undefined });
}

function makeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint })).toString("base64url");
}

function readToken(token: string, fingerprint: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const shape = z.object({ offset: z.number().int().min(0), fingerprint: z.string() }).parse(decoded);
    if (shape.fingerprint === fingerprint) return shape.offset;
  } catch {
    // falls through to the error below: any undecodable token is invalid
  }
  throw new AwsError("ValidationException", "Invalid pagination token: the NextToken does not belong to this query.");
}

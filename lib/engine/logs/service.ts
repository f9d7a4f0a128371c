import { z } from "zod";
import { AwsError } from "../errors";
import type { JsonService } from "../http/json-protocol";
import { compareNames, type LogGroup, type LogStore, type LogStream } from "./log-store";
import { filterLogEvents, getLogEvents } from "./read-events";
import { opaqueToken, parseOpaqueToken } from "./tokens";

export interface LogsOptions {
  region: string;
  accountId: string;
}

// The model has checked types, lengths and ranges already; these give the handlers typed values.
const GroupRef = z.object({ logGroupName: z.string().optional(), logGroupIdentifier: z.string().optional() });
const DescribeGroups = z.object({ logGroupNamePrefix: z.string().optional(), nextToken: z.string().optional(), limit: z.number().optional() });
const DescribeStreams = GroupRef.extend({
  logStreamNamePrefix: z.string().optional(),
  orderBy: z.enum(["LogStreamName", "LastEventTime"]).optional(),
  descending: z.boolean().optional(),
  nextToken: z.string().optional(),
  limit: z.number().optional(),
});
const GetEvents = GroupRef.extend({
  logStreamName: z.string(),
  startTime: z.number().optional(),
  endTime: z.number().optional(),
  nextToken: z.string().optional(),
  limit: z.number().optional(),
  startFromHead: z.boolean().optional(),
});
const FilterEvents = GroupRef.extend({
  logStreamNames: z.array(z.string()).optional(),
  logStreamNamePrefix: z.string().optional(),
  startTime: z.number().optional(),
  endTime: z.number().optional(),
  filterPattern: z.string().optional(),
  nextToken: z.string().optional(),
  limit: z.number().optional(),
});
const DESCRIBE_LIMIT = 50;

/**
 * CloudWatch Logs, the part that reads (what Ferry and `aws logs tail`/`get-log-events` use): log groups and
 * streams are written by the engine itself (SageMaker's jobs, see sagemaker/job-log.ts), as AWS's agents do.
 */
export function createLogsService(store: LogStore, options: LogsOptions): JsonService {
  const arn = (group: string) => `arn:aws:logs:${options.region}:${options.accountId}:log-group:${group}`;
  const groupOf = (ref: z.infer<typeof GroupRef>): LogGroup => {
    if (ref.logGroupName !== undefined && ref.logGroupIdentifier !== undefined) {
      throw new AwsError("InvalidParameterException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
    }
    const name = ref.logGroupName ?? groupNameOf(ref.logGroupIdentifier);
    const group = name === undefined ? undefined : store.group(name);
    if (!group) throw new AwsError("ResourceNotFoundException", "The specified log group does not exist.");
    return group;
  };
  const streamOf = (group: LogGroup, name: string): LogStream => {
    const stream = group.streams.get(name);
    if (!stream) throw new AwsError("ResourceNotFoundException", "The specified log stream does not exist.");
    return stream;
  };
  const describeGroup = (group: LogGroup) => ({
    logGroupName: group.logGroupName,
    creationTime: group.creationTime,
    metricFilterCount: 0,
    arn: `${arn(group.logGroupName)}:*`,
    logGroupArn: arn(group.logGroupName),
    storedBytes: [...group.streams.values()].reduce((sum, s) => sum + s.size, 0),
  });
  const describeStream = (stream: LogStream) => ({
    logStreamName: stream.logStreamName,
    creationTime: stream.creationTime,
    ...(stream.firstEventTimestamp === undefined ? {} : { firstEventTimestamp: stream.firstEventTimestamp, lastEventTimestamp: stream.lastEventTimestamp, lastIngestionTime: stream.lastIngestionTime }),
    arn: `${arn(stream.logGroupName)}:log-stream:${stream.logStreamName}`,
    storedBytes: 0,
  });

  return {
    handle: async (operation, body) => {
      switch (operation) {
        case "DescribeLogGroups": {
          const request = DescribeGroups.parse(body);
          const groups = store.listGroups().filter((g) => g.logGroupName.startsWith(request.logGroupNamePrefix ?? ""));
          return page(groups, (g) => [g.logGroupName], request, describeGroup, "logGroups");
        }
        case "DescribeLogStreams": {
          const request = DescribeStreams.parse(body);
          const orderBy = request.orderBy ?? "LogStreamName";
          if (orderBy === "LastEventTime" && request.logStreamNamePrefix !== undefined) {
            throw new AwsError("InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.");
          }
          const key = (s: LogStream): SortKey => (orderBy === "LogStreamName" ? [s.logStreamName] : [s.lastEventTimestamp ?? 0, s.logStreamName]);
          const streams = [...groupOf(request).streams.values()].filter((s) => s.logStreamName.startsWith(request.logStreamNamePrefix ?? ""));
          return page(streams, key, request, describeStream, "logStreams");
        }
        case "GetLogEvents": {
          const request = GetEvents.parse(body);
          return getLogEvents(streamOf(groupOf(request), request.logStreamName), request);
        }
        case "FilterLogEvents": {
          const request = FilterEvents.parse(body);
          return filterLogEvents(groupOf(request), request);
        }
        default:
          throw new AwsError("UnknownOperationException", `Logs_20140328.${operation} is not supported by the embedded engine.`);
      }
    },
  };
}

/** A log group ARN (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`) or a plain name. */
function groupNameOf(identifier: string | undefined): string | undefined {
  if (identifier === undefined) return undefined;
  if (!identifier.startsWith("arn:")) return identifier;
  return /^arn:aws[\w-]*:logs:[\w-]+:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(identifier)?.[1];
}

type SortKey = [string] | [number, string];
const SortKeySchema = z.union([z.tuple([z.string()]), z.tuple([z.number(), z.string()])]);

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    const order = typeof x === "number" && typeof y === "number" ? x - y : compareNames(String(x), String(y));
    if (order !== 0) return order;
  }
  return 0;
}

/** A page in key order (`descending` reverses it); the token is the last key shown, so new items never shift a page. */
function page<T, R>(items: T[], key: (item: T) => SortKey, request: { descending?: boolean; nextToken?: string; limit?: number }, shape: (item: T) => R, field: string) {
  const direction = request.descending ? -1 : 1;
  const after = request.nextToken === undefined ? undefined : parseOpaqueToken(request.nextToken, SortKeySchema);
  const sorted = items.map((item) => ({ item, key: key(item) })).sort((a, b) => direction * compareKeys(a.key, b.key));
  const rest = after === undefined ? sorted : sorted.filter((entry) => direction * compareKeys(entry.key, after) > 0);
  const shown = rest.slice(0, request.limit ?? DESCRIBE_LIMIT);
  const last = shown.at(-1);
  return { [field]: shown.map((entry) => shape(entry.item)), ...(last && rest.length > shown.length ? { nextToken: opaqueToken(last.key) } : {}) };
}

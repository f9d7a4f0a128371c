import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { Environment } from "@/generated/prisma/client";
import { fetchEngineJobLog } from "@/lib/aws/engine-routes";
import { logSourceFor, type LogSource } from "./source";

/** A chunk of a job's log; pass `next` back to continue tailing. */
export type LogChunk = { text: string; next: string | null; available: boolean };

const MAX_CHARS = 256 * 1024;

async function readEngineLog(source: Extract<LogSource, { kind: "engine" }>, region: string, offset: string | null): Promise<LogChunk> {
  const from = Number.parseInt(offset ?? "0", 10);
  const response = await fetchEngineJobLog(source.url, region, Number.isFinite(from) && from >= 0 ? from : 0);
  if (response.status === 404) return { text: "", next: offset, available: false };
  if (!response.ok) throw new Error(`engine log answered ${response.status}`);
  const text = await response.text();
  return { text: text.slice(0, MAX_CHARS), next: response.headers.get("x-ferry-next-offset") ?? offset, available: true };
}

const cloudwatch = new Map<string, CloudWatchLogsClient>();

/** CloudWatch: the job's first stream (algo-1), read forward from the token. */
async function readCloudWatchLog(source: Extract<LogSource, { kind: "cloudwatch" }>, token: string | null): Promise<LogChunk> {
  const key = `${source.region}|${source.endpoint ?? ""}`;
  const client = cloudwatch.get(key) ?? new CloudWatchLogsClient({ region: source.region, ...(source.endpoint ? { endpoint: source.endpoint } : {}) });
  cloudwatch.set(key, client);
  const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: source.group, logStreamNamePrefix: source.streamPrefix, limit: 1 }));
  const stream = streams.logStreams?.[0]?.logStreamName;
  if (!stream) return { text: "", next: token, available: false };
  const page = await client.send(new GetLogEventsCommand({ logGroupName: source.group, logStreamName: stream, startFromHead: true, ...(token ? { nextToken: token } : {}) }));
  const text = (page.events ?? []).map((e) => e.message ?? "").join("\n");
  return { text: text ? `${text}\n` : "", next: page.nextForwardToken ?? token, available: true };
}

export async function readJobLog(environment: Pick<Environment, "kind" | "region" | "endpointOverride">, jobName: string, offset: string | null): Promise<LogChunk> {
  const source = logSourceFor(environment, jobName);
  return source.kind === "engine" ? readEngineLog(source, environment.region, offset) : readCloudWatchLog(source, offset);
}

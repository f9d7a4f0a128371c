import { DescribeLogStreamsCommand, GetLogEventsCommand, InvalidParameterException, ResourceNotFoundException } from "@aws-sdk/client-cloudwatch-logs";
import { clientsFor } from "@/lib/aws/clients";
import type { EnvironmentTarget, Principal } from "@/lib/aws/targets";
import { AppError } from "@/lib/commands/errors";
import { jobStreamPrefix, PROCESSING_JOBS_LOG_GROUP } from "./source";

/** A chunk of a job's log; pass `next` (a CloudWatch forward token) back to continue tailing. */
export type LogChunk = { text: string; next: string | null; available: boolean };

/** A page is at most this many events (and CloudWatch's 1 MiB); the next page starts where this one ends. */
const EVENTS_PER_PAGE = 1000;

/**
 * A job's log from CloudWatch Logs, the same calls against AWS and against the engine: the job's first stream
 * (algo-1), read forward from the token. Not there yet (the job has not started) is `available: false`.
 */
export async function readJobLog(environment: EnvironmentTarget, jobName: string, token: string | null, principal: Principal): Promise<LogChunk> {
  const { logs } = clientsFor(environment, principal);
  try {
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: PROCESSING_JOBS_LOG_GROUP, logStreamNamePrefix: jobStreamPrefix(jobName), limit: 1 }));
    const stream = streams.logStreams?.[0]?.logStreamName;
    if (!stream) return { text: "", next: token, available: false };
    const page = await logs.send(
      new GetLogEventsCommand({ logGroupName: PROCESSING_JOBS_LOG_GROUP, logStreamName: stream, startFromHead: true, limit: EVENTS_PER_PAGE, ...(token ? { nextToken: token } : {}) }),
    );
    const text = (page.events ?? []).map((e) => `${e.message ?? ""}\n`).join("");
    return { text, next: page.nextForwardToken ?? token, available: true };
  } catch (error) {
    // No log group yet: no job of this account has written a log so far.
    if (error instanceof ResourceNotFoundException) return { text: "", next: token, available: false };
    if (error instanceof InvalidParameterException) throw new AppError("INVALID_INPUT", "That position in the log is not valid; reload the log.", { offset: ["Not a log position"] }, error.message);
    throw error;
  }
}

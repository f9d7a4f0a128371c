import { GetLogEventsCommand, InvalidParameterException, ResourceNotFoundException } from "@aws-sdk/client-cloudwatch-logs";
import { clientsFor } from "@/lib/aws/clients";
import type { EnvironmentTarget, Principal } from "@/lib/aws/targets";
import { AppError } from "@/lib/commands/errors";

/** A page is at most this many events (and CloudWatch's 1 MiB); the next page starts where this one ends. */
const EVENTS_PER_PAGE = 1000;

export type BuildLogChunk = { text: string; next: string | null; available: boolean };

/**
 * A build's log from CloudWatch Logs (CodeBuild's `/aws/codebuild/<project>` group, one stream per build), read
 * forward from a token, the same calls against AWS and the engine. Not there yet (the build has not started
 * writing) is `available: false`.
 */
export async function readBuildLog(environment: EnvironmentTarget, stream: { group: string; stream: string }, token: string | null, principal: Principal): Promise<BuildLogChunk> {
  try {
    const page = await clientsFor(environment, principal).logs.send(
      new GetLogEventsCommand({ logGroupName: stream.group, logStreamName: stream.stream, startFromHead: true, limit: EVENTS_PER_PAGE, ...(token ? { nextToken: token } : {}) }),
    );
    return { text: (page.events ?? []).map((e) => `${e.message ?? ""}\n`).join(""), next: page.nextForwardToken ?? token, available: true };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return { text: "", next: token, available: false };
    if (error instanceof InvalidParameterException) throw new AppError("INVALID_INPUT", "That position in the log is not valid; reload the log.", { offset: ["Not a log position"] }, error.message);
    throw error;
  }
}

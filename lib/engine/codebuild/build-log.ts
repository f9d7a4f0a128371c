import type { LogStore } from "../logs/log-store";
import { LogStreamWriter } from "../logs/stream-writer";

/** CodeBuild's own log group for a project, unless the project names another. */
export function defaultLogGroup(projectName: string): string {
  return `/aws/codebuild/${projectName}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `2026/12/02 10:00:00.123000`: the clock CodeBuild's agent stamps its lines with (UTC, microseconds). */
function agentClock(date: Date): string {
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds() * 1000, 6)}`;
}

/** What a build says while it runs: the agent's `[Container]` lines and the output of what it does. */
export interface BuildLog {
  agent(message: string): void;
  output(message: string): void;
  flush(): Promise<void>;
}

/** A build's log, one CloudWatch event per line in its stream, written while the build runs; nowhere when logs are off. */
export function buildLog(store: LogStore, location: { groupName: string; streamName: string } | null): BuildLog {
  if (!location) return { agent: () => undefined, output: () => undefined, flush: async () => undefined };
  const writer = new LogStreamWriter(store, location.groupName, location.streamName);
  return {
    agent: (message) => writer.write(`[Container] ${agentClock(new Date())} ${message}\n`, "stdout"),
    output: (message) => writer.write(`${message}\n`, "stdout"),
    flush: () => writer.flush(),
  };
}

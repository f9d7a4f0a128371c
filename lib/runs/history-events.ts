import "server-only";
import { ExecutionDoesNotExist, GetExecutionHistoryCommand, type HistoryEvent } from "@aws-sdk/client-sfn";
import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/commands/errors";
import { awsCall } from "./aws-calls";
import { clientsFor } from "@/lib/aws/clients";

/** One row of the event table, as the Step Functions console lists an execution's history. */
export type EventRow = {
  id: number;
  type: string;
  /** The state the event belongs to (Task events name none: they belong to the state entered last). */
  step: string | null;
  timestamp: string;
  /** Since the execution started. */
  elapsedMs: number;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  resource?: string;
  parameters?: unknown;
};

export type RunEvents =
  | { available: true; events: EventRow[]; truncated: boolean }
  | { available: false; reason: string; events: [] };

/** The console shows the history in full; Ferry's pipelines make a few dozen events, so a cap only guards against a runaway retry loop. */
export const MAX_EVENTS = 2000;
const PAGE = 1000;

function json(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Details = Pick<EventRow, "input" | "output" | "error" | "cause" | "resource" | "parameters"> & { state?: string };

/** The details AWS gives each kind of event, with JSON payloads parsed (they arrive as strings). */
function detailsOf(event: HistoryEvent): Details {
  const entered = event.stateEnteredEventDetails;
  const exited = event.stateExitedEventDetails;
  const failure = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails ?? event.executionFailedEventDetails ?? event.executionAbortedEventDetails ?? event.executionTimedOutEventDetails ?? event.taskStartFailedEventDetails ?? event.taskSubmitFailedEventDetails;
  const scheduled = event.taskScheduledEventDetails;
  const output = event.taskSucceededEventDetails?.output ?? event.taskSubmittedEventDetails?.output ?? event.executionSucceededEventDetails?.output;
  return {
    ...(entered ? { state: entered.name, input: json(entered.input) } : {}),
    ...(exited ? { state: exited.name, output: json(exited.output) } : {}),
    ...(event.executionStartedEventDetails ? { input: json(event.executionStartedEventDetails.input) } : {}),
    ...(output !== undefined ? { output: json(output) } : {}),
    ...(failure?.error ? { error: failure.error } : {}),
    ...(failure?.cause ? { cause: failure.cause } : {}),
    ...(scheduled ? { resource: `${scheduled.resourceType}:${scheduled.resource}`, parameters: json(scheduled.parameters) } : {}),
  };
}

/**
 * History events (oldest first) as table rows: each names its state and how long after the start it came. Task
 * events carry no state name; in Ferry's sequential pipelines they belong to the state entered last. Pure.
 */
export function eventRows(events: readonly HistoryEvent[], startedAt: Date | null): EventRow[] {
  const start = startedAt?.getTime() ?? events[0]?.timestamp?.getTime() ?? 0;
  let current: string | null = null;
  return events.map((event) => {
    const { state, ...details } = detailsOf(event);
    const type = event.type ?? "Unknown";
    if (type.endsWith("StateEntered")) current = state ?? null;
    const step = state ?? (type.startsWith("Execution") ? null : current);
    if (type.endsWith("StateExited")) current = null;
    const at = event.timestamp ?? new Date(start);
    return { id: event.id ?? 0, type, step, timestamp: at.toISOString(), elapsedMs: at.getTime() - start, ...details };
  });
}

/** A run's execution history from Step Functions (or the engine), read when someone opens it: AWS is the truth for execution. */
export async function runEvents(db: PrismaClient, runId: string): Promise<RunEvents> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { executionArn: true, startedAt: true, environment: true } });
  if (!run) throw new AppError("NOT_FOUND", "That run does not exist.");
  if (!run.executionArn) return { available: false, reason: "The run has not started in Step Functions yet, so it has no events.", events: [] };
  const { sfn } = clientsFor(run.environment);
  const executionArn = run.executionArn;
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const token = nextToken;
      const page = await awsCall("GetExecutionHistory", () => sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: PAGE, includeExecutionData: true, nextToken: token })));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken && events.length < MAX_EVENTS);
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return { available: false, reason: "Step Functions no longer has this execution (it keeps histories for 90 days). The steps below are what Ferry recorded.", events: [] };
    throw error;
  }
  return { available: true, events: eventRows(events.slice(0, MAX_EVENTS), run.startedAt), truncated: Boolean(nextToken) || events.length > MAX_EVENTS };
}

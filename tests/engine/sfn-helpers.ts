import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { TEST_ROLE } from "./harness";

let counter = 0;

/** A unique, valid name per call so tests in one engine never collide. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export async function createMachine(sfn: SFNClient, definition: object, name = uniqueName("sm")): Promise<string> {
  const out = await sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: TEST_ROLE }),
  );
  return out.stateMachineArn ?? "";
}

export async function start(sfn: SFNClient, stateMachineArn: string, input: unknown = {}, name?: string): Promise<string> {
  const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }));
  return out.executionArn ?? "";
}

/** Polls DescribeExecution until the execution leaves RUNNING (or `until` holds). */
export async function waitForExecution(
  sfn: SFNClient,
  executionArn: string,
  until: (out: DescribeExecutionCommandOutput) => boolean = (out) => out.status !== "RUNNING",
  timeoutMs = 30_000,
): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (until(out)) return out;
    if (Date.now() > deadline) throw new Error(`Execution still ${out.status} after ${timeoutMs} ms: ${executionArn}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function runToEnd(sfn: SFNClient, definition: object, input: unknown = {}): Promise<DescribeExecutionCommandOutput> {
  const arn = await createMachine(sfn, definition);
  return waitForExecution(sfn, await start(sfn, arn, input));
}

export async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const out = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(out.events ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return events;
}

export function types(events: HistoryEvent[]): string[] {
  return events.map((event) => event.type ?? "");
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

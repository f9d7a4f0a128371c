import { ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, GetQueueUrlCommand, type Message, QueueDoesNotExist, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { Environment, PrismaClient } from "@/generated/prisma/client";
import { type CallBudget, CallCounter } from "../aws-calls";
import { clientsFor } from "@/lib/aws/clients";
import { syncRun } from "../reconciler/sync-run";
import { type RunState, unconfirmed, urgent, worthReading } from "./hints";
import { recordJobState } from "./job-states";
import { PriorityBudget } from "./read-budget";
import { executionCandidates, parseStatusEvent, type StatusHint } from "./status-event";

export type RunEventConsumerOptions = {
  signal?: AbortSignal;
  /**
   * GetExecutionHistory calls per second for event syncs: 8 by default, which with the safety net's 2 stays at
   * half of Step Functions' smallest refill for it (20/s per account and region).
   */
  readsPerSecond?: number;
  /**
   * History reads that may go at once before the rate applies: 200 by default, half of Step Functions' bucket
   * for GetExecutionHistory (400 per account and region), so a wave of runs ending together is read at once.
   */
  readBurst?: number;
  /**
   * Of the burst, what only reads that bring a run to its end may spend: 150 by default, so steps' progress
   * (three or more reads per run) never leaves the runs ending next waiting for the refill.
   */
  readReserve?: number;
  /** Syncs at once. */
  concurrency?: number;
  /** Messages held at once (received, not yet settled); the consumer stops receiving at this many. */
  maxHeld?: number;
  counter?: CallCounter;
  log?: (message: string) => void;
};

export type RunEventConsumer = {
  counter: CallCounter;
  stats(): { received: number; syncs: number; skipped: number; retried: number; unknown: number };
  stop(): Promise<void>;
};

type Held = { message: Message; hint: StatusHint };
/** A run to sync: the hints that asked for it, and the execution events held until the sync commits them. */
type Entry = { runId: string; urgent: boolean; hints: StatusHint[]; held: Held[] };

const WAIT_SECONDS = 20;
/** A final status the history does not show yet is tried again this soon, this many times. */
const RETRY_VISIBILITY_SECONDS = 2;
const MAX_RECEIVES = 5;
const DELETE_DELAY_MS = 250;
const runState = { id: true, status: true, redriveCount: true, executionArn: true } as const;

/**
 * Long-polls an environment's run events queue (lib/environments/events.ts) and syncs each run an event names,
 * with one incremental history read, when the event can teach the catalog something (hints.ts). Events are
 * hints: duplicates, reordering and loss are expected, AWS's history stays the truth, and the reconciler's
 * safety-net poll brings a run whose events were lost to its end. A message is deleted only once its effect is
 * committed: a job's event once its state is recorded (the progress read it may ask for is best effort, and
 * covered by the run's final read), an execution's event once its sync has committed; a failed sync leaves it
 * to come back. Nothing here is needed for correctness after a crash: what is held in memory is only which run
 * to sync next (final states first), and every held message is still in the queue until deleted.
 */
export function startRunEventConsumer(db: PrismaClient, environment: Environment, options: RunEventConsumerOptions = {}): RunEventConsumer {
  const queueName = environment.eventsQueueUrl?.split("/").pop();
  if (!queueName) throw new Error(`Run events are not set up for ${environment.name}`);
  const { sqs } = clientsFor(environment);
  const log = options.log ?? ((message: string) => console.log(`[run events] ${message}`));
  const counter = options.counter ?? new CallCounter();
  const budget = new PriorityBudget(options.readsPerSecond ?? 8, options.readBurst ?? 200, options.readReserve ?? 150);
  const concurrency = options.concurrency ?? 8;
  // Syncs that only show progress leave two places free, so a run's end never waits for a slot.
  const progressConcurrency = Math.max(1, concurrency - 2);
  const maxHeld = options.maxHeld ?? 200;
  const controller = new AbortController();
  options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  const stats = { received: 0, syncs: 0, skipped: 0, retried: 0, unknown: 0 };
  const waiting = new Map<string, Entry>();
  const busy = new Set<string>();
  const workers = new Set<Promise<void>>();
  let repump: ReturnType<typeof setTimeout> | null = null;
  let held = 0;
  let queueUrl: string | undefined;
  let wake: (() => void) | null = null;

  const deletions = batcher(async (messages) => {
    if (!queueUrl || messages.length === 0) return;
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  });

  const release = (count: number) => {
    held -= count;
    wake?.();
  };

  const settle = async (message: Message, keep: boolean) => {
    const receives = Number(message.Attributes?.ApproximateReceiveCount ?? "1");
    if (keep && receives < MAX_RECEIVES && queueUrl) {
      stats.retried += 1;
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: RETRY_VISIBILITY_SECONDS })).catch(() => undefined);
    } else {
      deletions.add(message);
    }
  };

  const runOf = async (hint: StatusHint): Promise<RunState | null> => {
    if (hint.kind === "execution") {
      return db.run.findUnique({ where: { environmentId_executionName: { environmentId: environment.id, executionName: hint.executionName } }, select: runState });
    }
    const candidates = executionCandidates(hint.job.jobName);
    if (!candidates) return null;
    return db.run.findFirst({ where: { environmentId: environment.id, executionName: { in: candidates.names } }, select: runState });
  };

  const queueSync = (run: RunState, hint: StatusHint, message?: Message) => {
    const entry = waiting.get(run.id) ?? { runId: run.id, urgent: false, hints: [], held: [] };
    entry.urgent ||= urgent(hint);
    entry.hints.push(hint);
    if (message) {
      held += 1;
      entry.held.push({ message, hint });
    }
    waiting.set(run.id, entry);
    pump();
  };

  /**
   * Commits what a message says by itself (a job's state) and deletes the message at once, unless the catalog
   * cannot take it yet (it comes back in 2 s) or it asks for a sync of its run: an execution's event then stays
   * held until the sync commits; a job's event (progress, best effort) is deleted all the same.
   */
  const accept = async (message: Message) => {
    stats.received += 1;
    const hint = parseStatusEvent(message.Body);
    const run = hint ? await runOf(hint) : null;
    if (hint?.kind === "job") await recordJobState(db, environment.id, hint.job);
    if (!hint || !run) {
      stats.unknown += 1;
      deletions.add(message);
      return;
    }
    const worth = worthReading(hint, run);
    if (!worth && unconfirmed(hint, run)) return settle(message, true);
    if (hint.kind === "execution" && worth) return queueSync(run, hint, message);
    if (worth) queueSync(run, hint);
    else stats.skipped += 1;
    deletions.add(message);
  };

  const syncEntry = async (entry: Entry, reads: CallBudget) => {
    try {
      const before = await db.run.findUniqueOrThrow({ where: { id: entry.runId }, select: runState });
      if (entry.hints.some((hint) => worthReading(hint, before))) {
        await syncRun(db, entry.runId, { historyOnly: true, counter, buckets: { history: reads, job: reads } });
        stats.syncs += 1;
      } else {
        stats.skipped += 1;
      }
      const after = await db.run.findUniqueOrThrow({ where: { id: entry.runId }, select: runState });
      await Promise.all(entry.held.map((h) => settle(h.message, unconfirmed(h.hint, after))));
    } catch (error) {
      // Left in the queue: the message comes back after its visibility timeout and is tried again.
      log(`sync of run ${entry.runId} failed; its events will be tried again (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      release(entry.held.length);
    }
  };

  /** Progress that the budget holds back is looked at again this soon. */
  const pumpLater = () => {
    repump ??= setTimeout(() => {
      repump = null;
      pump();
    }, 250);
  };

  /**
   * Starts syncs up to `concurrency`, final states first, never two of one run at once. A progress sync starts
   * only with its first read paid for (prepaidProgress), so it never waits on the budget holding its run.
   */
  let progressWorkers = 0;
  const pump = () => {
    while (workers.size < concurrency && !controller.signal.aborted) {
      const candidates = [...waiting.values()].filter((e) => !busy.has(e.runId));
      const end = candidates.find((e) => e.urgent);
      const progress = !end && progressWorkers < progressConcurrency ? candidates[0] : undefined;
      const reads = end ? budget.for(true) : progress ? budget.prepaidProgress() : null;
      const next = end ?? progress;
      if (!next) return;
      if (!reads) return pumpLater();
      waiting.delete(next.runId);
      busy.add(next.runId);
      if (!next.urgent) progressWorkers += 1;
      const worker = syncEntry(next, reads).finally(() => {
        if (!next.urgent) progressWorkers -= 1;
        busy.delete(next.runId);
        workers.delete(worker);
        pump();
      });
      workers.add(worker);
    }
  };

  const resolveQueue = async () => (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }), { abortSignal: controller.signal })).QueueUrl;

  const loop = async () => {
    let backoffMs = 1_000;
    let unavailable = false;
    while (!controller.signal.aborted) {
      try {
        if (held >= maxHeld) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
          continue;
        }
        queueUrl ??= await resolveQueue();
        const received = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: WAIT_SECONDS, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }),
          { abortSignal: controller.signal },
        );
        if (unavailable) log(`the queue ${queueName} answers again`);
        unavailable = false;
        backoffMs = 1_000;
        await Promise.all((received.Messages ?? []).map(accept));
      } catch (error) {
        if (controller.signal.aborted) break;
        if (error instanceof QueueDoesNotExist) queueUrl = undefined;
        if (!unavailable) log(`the queue ${queueName} is unavailable (${error instanceof Error ? error.name : String(error)}); runs are polled meanwhile, retrying`);
        unavailable = true;
        await sleep(backoffMs, controller.signal);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  };

  const running = loop();
  return {
    counter,
    stats: () => ({ ...stats }),
    async stop() {
      controller.abort();
      if (repump) clearTimeout(repump);
      wake?.();
      await running;
      await Promise.allSettled([...workers]);
      await deletions.flush();
    },
  };
}

/**
 * Collects messages to delete and sends them ten at a time (DeleteMessageBatch), at the latest DELETE_DELAY_MS
 * later: a deletion has until the visibility timeout, and events of a busy queue arrive a few per receive. A
 * deletion that fails only brings its event back, and handling an event again changes nothing.
 */
function batcher(send: (messages: Message[]) => Promise<void>) {
  const buffer: Message[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    while (buffer.length) await send(buffer.splice(0, 10)).catch(() => undefined);
  };
  return {
    add(message: Message): void {
      buffer.push(message);
      if (buffer.length >= 10) void flush();
      else timer ??= setTimeout(() => void flush(), DELETE_DELAY_MS);
    },
    flush,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

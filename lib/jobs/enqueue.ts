import PgBoss from "pg-boss";
import type { Tx } from "@/lib/commands/command";
import { JOBS, type JobKind, type JobPayload } from "./definitions";
import { jobSettings } from "./settings";

/** Retries: 6 more tries, 2 s, 4 s, 8 s … apart (pg-boss's backoff), before a job is left failed. */
const RETRIES = { retryLimit: 6, retryDelay: 2, retryBackoff: true } as const;

/**
 * pg-boss only builds the INSERT here; every call hands it the caller's transaction, so this instance never
 * opens a connection of its own (its default executor refuses, to make a forgotten transaction loud).
 */
const builder = new PgBoss({
  db: {
    executeSql: () => Promise.reject(new Error("lib/jobs: a job is always enqueued inside the caller's transaction")),
  },
});

/** pg-boss's executor over a Prisma interactive transaction: the job row commits or rolls back with the caller's writes. */
export function transactionExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values.map(toParameter));
      return { rows };
    },
  };
}

// pg-boss hands its JSON payload as an object; the adapter sends parameters as they are, so JSON goes as text.
function toParameter(value: unknown): unknown {
  return value !== null && typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : value;
}

export type EnqueueOptions = { startAfterSeconds?: number };

/**
 * Queues a job in the caller's transaction: the intent it carries out and the job are written together or not
 * at all, so a crash can leave neither an intent nobody works on nor a job for an intent that never was.
 */
export async function enqueue<K extends JobKind>(tx: Tx, kind: K, payload: JobPayload<K>, options: EnqueueOptions = {}): Promise<string> {
  const job = JOBS[kind];
  const data = job.payload.parse(payload);
  const id = await builder.send(job.queue, data, {
    ...RETRIES,
    expireInSeconds: jobSettings().FERRY_JOB_LEASE_SECONDS,
    ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    db: transactionExecutor(tx),
  });
  // pg-boss answers null when the queue does not exist: the job would be lost, so the whole transaction fails.
  if (!id) throw new Error(`lib/jobs: queue ${job.queue} does not exist (is migration 20261201600001 applied?)`);
  return id;
}

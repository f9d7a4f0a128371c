import type { PrismaClient } from "@/generated/prisma/client";
import { startRunEventConsumer, type RunEventConsumer, type RunEventConsumerOptions } from "./consumer";

export type RunEventConsumers = { stop(): Promise<void>; consumers(): RunEventConsumer[] };

const RESCAN_MS = 60_000;

/**
 * One consumer per environment whose run events are set up (environments.events_queue_url), for a worker
 * process. Environments set up later (the admin's action) are picked up within a minute, without a restart.
 */
export function startRunEventConsumers(db: PrismaClient, options: Omit<RunEventConsumerOptions, "signal"> & { rescanMs?: number } = {}): RunEventConsumers {
  const running = new Map<string, { queueUrl: string; consumer: RunEventConsumer }>();
  const log = options.log ?? ((message: string) => console.log(`[run events] ${message}`));
  const scan = async () => {
    const environments = await db.environment.findMany({ where: { eventsQueueUrl: { not: null } } });
    for (const environment of environments) {
      const current = running.get(environment.id);
      if (current?.queueUrl === environment.eventsQueueUrl) continue;
      await current?.consumer.stop();
      running.set(environment.id, { queueUrl: environment.eventsQueueUrl ?? "", consumer: startRunEventConsumer(db, environment, { ...options, log: (m) => log(`${environment.name}: ${m}`) }) });
      log(`${environment.name}: consuming run status events from ${environment.eventsQueueUrl}`);
    }
  };
  const rescan = () => void scan().catch((error: unknown) => log(`could not list environments with run events: ${error instanceof Error ? error.message : String(error)}`));
  rescan();
  const timer = setInterval(rescan, options.rescanMs ?? RESCAN_MS);
  return {
    consumers: () => [...running.values()].map((r) => r.consumer),
    async stop() {
      clearInterval(timer);
      await Promise.all([...running.values()].map((r) => r.consumer.stop()));
    },
  };
}

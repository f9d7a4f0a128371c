import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { admit, defineCommand, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { ensureRunEvents } from "./events";
import { RUN_EVENTS_NAME } from "@/lib/pipelines/run-events-plumbing";
import { plainWords } from "./state-machines";

const queueUrlField = z
  .url({ protocol: /^https?$/, error: "The queue URL must be an http(s) URL" })
  .max(2048)
  // zod runs this check on values url() refused too: a value that is no URL must not throw.
  .refine((url) => URL.canParse(url) && new URL(url).pathname.endsWith(`/${RUN_EVENTS_NAME}`), `The queue must be ${RUN_EVENTS_NAME}`);

/** Records that an environment's run events are in place (its queue URL): its runs are then synced by event. */
export const recordRunEvents = defineCommand({
  name: "environments.run_events",
  permission: "environments:manage",
  input: z.object({ environmentId: idField("Environment"), queueUrl: queueUrlField }),
  run: async ({ tx, input }) => {
    const environment = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { id: true, name: true } });
    if (!environment) throw new AppError("NOT_FOUND", "That environment no longer exists.");
    await tx.environment.update({ where: { id: environment.id }, data: { eventsQueueUrl: input.queueUrl } });
    return {
      result: { queueUrl: input.queueUrl },
      audit: { targetType: "environment", targetId: environment.id, summary: `Set up run status events for ${environment.name} (rule and queue ${RUN_EVENTS_NAME})`, details: { queueUrl: input.queueUrl } },
    };
  },
});

const SetUpInput = z.object({ environmentId: idField("Environment") });

/**
 * The admin's “Set up run events”: role and input first (a caller without environments:manage makes no AWS
 * call), then the idempotent AWS calls, then the record and its audit event in one transaction. A crash
 * between the two leaves AWS set up and the catalog unchanged; pressing again finishes it.
 */
export async function setUpRunEvents(db: PrismaClient, actor: Actor | null, rawInput: unknown): Promise<{ queueUrl: string }> {
  const { input } = admit(actor, recordRunEvents.permission, SetUpInput, rawInput, recordRunEvents.name);
  const environment = await db.environment.findUnique({ where: { id: input.environmentId } });
  if (!environment) throw new AppError("NOT_FOUND", "That environment no longer exists.");
  let queueUrl: string;
  try {
    queueUrl = await ensureRunEvents(environment);
  } catch (error) {
    throw new AppError("CONFLICT", `The run events could not be set up in ${environment.name}: ${plainWords(error)}`);
  }
  return executeCommand(db, recordRunEvents, actor, { environmentId: environment.id, queueUrl });
}

import type { PrismaClient } from "@/generated/prisma/client";
import type { JobPayload } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/enqueue";
import { webhookRule } from "./rule";
import { postSigned, type SendResult } from "./send";
import { signedHeaders } from "./signing";

/** Seconds before attempts 2, 3, …: back-off from 5 s to an hour; after the last, the delivery is FAILED (re-send by hand). */
export const RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 1800, 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

const succeeded = (result: SendResult) => result.error === null && result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;

/**
 * The job: attempt `attempt` of a delivery. It records what the endpoint answered, then either marks the delivery
 * DELIVERED or queues the next attempt (in the same transaction), or marks it FAILED after the last. A job whose
 * attempt was already made (a second delivery of the job) does nothing: the attempt number is the guard.
 */
export async function deliverWebhook(db: PrismaClient, { deliveryId, attempt }: JobPayload<"webhooks.deliver">): Promise<void> {
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, status: true, attempts: true, payload: true, endpoint: { select: { url: true, secret: true, enabled: true } } },
  });
  if (!delivery || delivery.status !== "PENDING" || delivery.attempts >= attempt || !delivery.endpoint.enabled) return;
  const body = JSON.stringify(delivery.payload);
  const startedAt = new Date();
  const result = await postSigned(delivery.endpoint.url, body, signedHeaders(delivery.endpoint.secret, delivery.id, body), await webhookRule(db));
  const delay = RETRY_DELAYS_SECONDS[attempt - 1];
  await db.$transaction(async (tx) => {
    // Conditional on the attempts read: of two workers making the same attempt, one records it.
    const claimed = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, attempts: delivery.attempts, status: "PENDING" },
      data: succeeded(result)
        ? { attempts: attempt, status: "DELIVERED", deliveredAt: new Date(), nextAttemptAt: null }
        : delay === undefined
          ? { attempts: attempt, status: "FAILED", nextAttemptAt: null }
          : { attempts: attempt, nextAttemptAt: new Date(Date.now() + delay * 1000) },
    });
    if (claimed.count === 0) return;
    await tx.webhookAttempt.create({
      data: { deliveryId, number: attempt, startedAt, durationMs: result.durationMs, statusCode: result.statusCode, responseBody: result.body, error: result.error?.slice(0, 1000) ?? null },
    });
    if (!succeeded(result) && delay !== undefined) await enqueue(tx, "webhooks.deliver", { deliveryId, attempt: attempt + 1 }, { startAfterSeconds: delay });
  });
}

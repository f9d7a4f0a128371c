import type { Tx } from "@/lib/commands/command";
import { baseUrl } from "@/lib/config/env";
import { asJson } from "@/lib/db/json";
import { enqueue } from "@/lib/jobs/enqueue";
import type { WebhookEvent } from "./event-types";

export { WEBHOOK_EVENT_TYPES, WebhookEventType, type WebhookEvent } from "./event-types";

export const link = (path: string) => `${baseUrl().replace(/\/$/, "")}${path}`;

/**
 * Queues the event for every enabled endpoint subscribed to it, in the caller's transaction: the change and the
 * deliveries that announce it commit together or not at all (the job carries the delivery out, lib/webhooks/deliver.ts).
 */
export async function emitEvent(tx: Tx, type: WebhookEvent, data: Record<string, unknown>): Promise<void> {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { enabled: true, events: { has: type } }, select: { id: true } });
  if (endpoints.length === 0) return;
  const payload = asJson({ type, timestamp: new Date().toISOString(), data });
  for (const endpoint of endpoints) {
    const delivery = await tx.webhookDelivery.create({ data: { endpointId: endpoint.id, eventType: type, payload, nextAttemptAt: new Date() }, select: { id: true } });
    await enqueue(tx, "webhooks.deliver", { deliveryId: delivery.id, attempt: 1 });
  }
}

/** deployment.requested, .approved or .live, with what identifies the deployment. */
export async function emitDeploymentEvent(tx: Tx, type: "deployment.requested" | "deployment.approved" | "deployment.live", deploymentId: string, by: string): Promise<void> {
  const d = await tx.deployment.findUnique({
    where: { id: deploymentId },
    select: { id: true, status: true, artifactFingerprint: true, model: { select: { slug: true } }, environment: { select: { name: true } }, pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } } },
  });
  if (!d) return;
  await emitEvent(tx, type, {
    deploymentId: d.id,
    status: d.status,
    model: d.model.slug,
    environment: d.environment.name,
    pipeline: d.pipelineVersion.pipeline.name,
    version: d.pipelineVersion.version,
    artifactFingerprint: d.artifactFingerprint,
    by,
    url: link(`/deployments/${d.id}`),
  });
}

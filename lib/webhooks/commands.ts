import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { checkedAddresses, normalHost } from "@/lib/net/outbound";
import { DeliveryIdInput, EndpointIdInput, EndpointInput, HostInput, SetEnabledInput } from "./fields";
import { webhookRule } from "./rule";
import { newWebhookSecret } from "./signing";

/**
 * A new endpoint must already pass the outbound rule (every address public, or its host allowed) and use https
 * unless its host is allowed: deliveries carry Ferry's events. The rule is checked again at every delivery,
 * against the addresses the socket connects to. The result carries the signing secret, shown once.
 */
export const createWebhookEndpoint = defineCommand({
  name: "webhooks.create_endpoint",
  permission: "webhooks:manage",
  input: EndpointInput,
  run: async ({ tx, input, actor }) => {
    const rule = await webhookRule(tx);
    const host = new URL(input.url).hostname;
    if (new URL(input.url).protocol === "http:" && !rule.allowed(host)) {
      throw new AppError("INVALID_INPUT", "Webhooks go over https://; plain http:// only to a host an admin allowed.", { url: ["Use https://"] });
    }
    await checkedAddresses(host, rule);
    const secret = newWebhookSecret();
    const endpoint = await tx.webhookEndpoint.create({ data: { url: input.url, description: input.description, events: input.events, secret, createdById: actor.id }, select: { id: true, url: true, events: true } });
    return {
      result: { ...endpoint, secret },
      audit: { targetType: "webhook_endpoint", targetId: endpoint.id, summary: `Added webhook endpoint ${endpoint.url} for ${input.events.join(", ")}` },
    };
  },
});

async function endpointOf(tx: Tx, id: string) {
  const endpoint = await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true, url: true } });
  if (!endpoint) throw new AppError("NOT_FOUND", "That webhook endpoint does not exist.");
  return endpoint;
}

export const setWebhookEndpointEnabled = defineCommand({
  name: "webhooks.set_enabled",
  permission: "webhooks:manage",
  input: SetEnabledInput,
  run: async ({ tx, input }) => {
    const endpoint = await endpointOf(tx, input.endpointId);
    await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: input.enabled } });
    return { result: { id: endpoint.id }, audit: { targetType: "webhook_endpoint", targetId: endpoint.id, summary: `${input.enabled ? "Enabled" : "Paused"} webhook endpoint ${endpoint.url}` } };
  },
});

export const deleteWebhookEndpoint = defineCommand({
  name: "webhooks.delete_endpoint",
  permission: "webhooks:manage",
  input: EndpointIdInput,
  run: async ({ tx, input }) => {
    const endpoint = await endpointOf(tx, input.endpointId);
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    return { result: { id: endpoint.id }, audit: { targetType: "webhook_endpoint", targetId: endpoint.id, summary: `Deleted webhook endpoint ${endpoint.url} and its deliveries` } };
  },
});

/** Sends a delivery again, as its next attempt, whatever became of it (same webhook-id: receivers de-duplicate). */
export const resendWebhookDelivery = defineCommand({
  name: "webhooks.resend",
  permission: "webhooks:manage",
  input: DeliveryIdInput,
  run: async ({ tx, input }) => {
    const delivery = await tx.webhookDelivery.findUnique({ where: { id: input.deliveryId }, select: { id: true, attempts: true, eventType: true, endpoint: { select: { url: true } } } });
    if (!delivery) throw new AppError("NOT_FOUND", "That delivery does not exist.");
    await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "PENDING", nextAttemptAt: new Date(), deliveredAt: null } });
    await enqueue(tx, "webhooks.deliver", { deliveryId: delivery.id, attempt: delivery.attempts + 1 });
    return { result: { id: delivery.id }, audit: { targetType: "webhook_delivery", targetId: delivery.id, summary: `Re-sent ${delivery.eventType} to ${delivery.endpoint.url}` } };
  },
});

export const allowWebhookHost = defineCommand({
  name: "webhooks.allow_host",
  permission: "webhooks:manage",
  input: HostInput,
  run: async ({ tx, input, actor }) => {
    const host = normalHost(input.host);
    await tx.webhookAllowedHost.upsert({ where: { host }, create: { host, createdById: actor.id }, update: {} });
    return { result: { host }, audit: { targetType: "webhook_host", targetId: host, summary: `Allowed webhooks to ${host} even at loopback or private addresses` } };
  },
});

export const disallowWebhookHost = defineCommand({
  name: "webhooks.disallow_host",
  permission: "webhooks:manage",
  input: HostInput,
  run: async ({ tx, input }) => {
    const removed = await tx.webhookAllowedHost.deleteMany({ where: { host: input.host } });
    if (removed.count === 0) throw new AppError("NOT_FOUND", `${input.host} is not an allowed host.`);
    return { result: { host: input.host }, audit: { targetType: "webhook_host", targetId: input.host, summary: `Webhooks to ${input.host} follow the address rule again` } };
  },
});

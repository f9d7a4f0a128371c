// For tests/commands/all-commands: the automation commands' objects, made for the admin of the world: a token of
// theirs, a webhook endpoint with one delivery, and an allowed host. Made last, so nothing else in the world
// emits events to the endpoint.
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { createToken } from "@/lib/tokens/commands";
import { newWebhookSecret } from "@/lib/webhooks/signing";

export const PUBLIC_HOOK = "https://93.184.216.34/hook";

export async function makeAutomationFixtures(admin: Actor) {
  const token = await executeCommand(prisma, createToken, admin, { name: "fixture", scope: "ROLES", expiresInDays: 30 });
  const endpoint = await prisma.webhookEndpoint.create({ data: { url: PUBLIC_HOOK, events: ["run.finished"], secret: newWebhookSecret(), createdById: admin.id } });
  const delivery = await prisma.webhookDelivery.create({ data: { endpointId: endpoint.id, eventType: "run.finished", payload: { type: "run.finished", data: {} }, status: "FAILED", attempts: 7 } });
  const allowed = await prisma.webhookAllowedHost.create({ data: { host: "10.9.9.9", createdById: admin.id } });
  return { tokenId: token.id, endpointId: endpoint.id, deliveryId: delivery.id, allowedHost: allowed.host };
}
export type AutomationFixtures = Awaited<ReturnType<typeof makeAutomationFixtures>>;

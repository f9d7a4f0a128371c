import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";

/** Admin → Webhooks: each endpoint (its secret never: it was shown once) with its latest deliveries and their attempts. */
export function listWebhookEndpoints(db: PrismaClient) {
  return db.webhookEndpoint.findMany({
    orderBy: { createdAt: "asc" },
    take: 100,
    select: {
      id: true,
      url: true,
      description: true,
      events: true,
      enabled: true,
      createdAt: true,
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: 20,
        select: {
          id: true,
          eventType: true,
          status: true,
          attempts: true,
          nextAttemptAt: true,
          createdAt: true,
          attemptLog: { orderBy: { number: "desc" }, take: 5, select: { number: true, startedAt: true, durationMs: true, statusCode: true, responseBody: true, error: true } },
        },
      },
    },
  });
}
export type WebhookEndpointRow = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];

export function listAllowedHosts(db: PrismaClient) {
  return db.webhookAllowedHost.findMany({ orderBy: { host: "asc" }, select: { host: true, createdAt: true } });
}

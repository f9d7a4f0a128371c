import { z } from "zod";

/** What endpoints can subscribe to, in the words the admin page shows (plain data: client components read it too). */
export const WEBHOOK_EVENTS = {
  "run.finished": "A run ended (succeeded, with failed steps, failed, timed out or stopped)",
  "run.failed": "A run failed or timed out",
  "deployment.requested": "A deployment was requested and awaits approval",
  "deployment.approved": "A deployment was approved",
  "deployment.live": "A deployment is live",
  "bulk_lift.done": "A bulk lift wrote its models",
} as const;
export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [WebhookEvent, ...WebhookEvent[]];
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES, { error: `Events are ${WEBHOOK_EVENT_TYPES.join(", ")}` });

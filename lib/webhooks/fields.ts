import { isIP } from "node:net";
import { z } from "zod";
import { normalHost } from "@/lib/net/outbound";
import { descriptionField } from "@/lib/validation/fields";
import { WebhookEventType } from "./event-types";

export const WebhookUrl = z
  .url({ protocol: /^https?$/, error: "Enter an http(s):// URL" })
  .max(2000, "The URL is at most 2000 characters")
  // zod runs every check, so this one also meets text that is no URL at all (already refused above).
  .refine((url) => {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    return !parsed || (parsed.username === "" && parsed.password === "");
  }, "Put no user name or password in the URL: every delivery is signed with the endpoint's secret instead");

export const EndpointInput = z.object({
  url: WebhookUrl,
  description: descriptionField(200).default(""),
  events: z.array(WebhookEventType).min(1, "Choose at least one event").max(20).transform((events) => [...new Set(events)]),
});

export const EndpointIdInput = z.object({ endpointId: z.uuid("Endpoint must be a valid id") });
export const SetEnabledInput = EndpointIdInput.extend({ enabled: z.boolean() });
export const DeliveryIdInput = z.object({ deliveryId: z.uuid("Delivery must be a valid id") });

const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const AllowedHost = z
  .string({ error: "The host must be text" })
  .trim()
  .max(253, "A host name has at most 253 characters")
  .transform(normalHost)
  .refine((host) => isIP(host) !== 0 || HOST_NAME.test(host), "Enter a host name or an IP address, without scheme, port or path");
export const HostInput = z.object({ host: AllowedHost });

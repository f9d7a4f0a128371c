"use server";

import { serverAction } from "@/lib/http/server-action";
import {
  allowWebhookHost,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disallowWebhookHost,
  resendWebhookDelivery,
  setWebhookEndpointEnabled,
} from "@/lib/webhooks/commands";

export const createEndpointAction = serverAction(createWebhookEndpoint);
export const setEndpointEnabledAction = serverAction(setWebhookEndpointEnabled);
export const deleteEndpointAction = serverAction(deleteWebhookEndpoint);
export const resendDeliveryAction = serverAction(resendWebhookDelivery);
export const allowHostAction = serverAction(allowWebhookHost);
export const disallowHostAction = serverAction(disallowWebhookHost);

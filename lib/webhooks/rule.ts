import type { PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/lib/commands/command";
import { normalHost, type OutboundRule } from "@/lib/net/outbound";

export const ALLOW_IN = "Admin → Webhooks → Allowed hosts";

/** The outbound rule for webhooks: hosts admins allowed may be private; everything else must be public. */
export async function webhookRule(db: PrismaClient | Tx): Promise<OutboundRule> {
  const hosts = new Set((await db.webhookAllowedHost.findMany({ select: { host: true } })).map((h) => h.host));
  return { allowed: (host) => hosts.has(normalHost(host)), allowIn: ALLOW_IN };
}

import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";

/** What a change must say about itself; written in the same transaction as the change. */
export type AuditEntry = {
  targetType: string;
  targetId?: string | null;
  summary: string;
  details?: Prisma.InputJsonValue;
};

/** Writes one audit event; always called inside the transaction of the change it records. */
export function writeAudit(tx: Prisma.TransactionClient, actor: Pick<Actor, "id" | "email">, action: string, entry: AuditEntry) {
  return tx.auditEvent.create({ data: { actorId: actor.id, actorEmail: actor.email, action, ...entry } });
}

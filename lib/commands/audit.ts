import type { Actor } from "@/lib/auth/permissions";
import type { AuditEntry, Tx } from "./command";

/** Writes one audit event; always called inside the transaction of the change it records (and with the token it was made with). */
export function writeAudit(tx: Tx, actor: Pick<Actor, "id" | "email" | "tokenId">, action: string, entry: AuditEntry) {
  return tx.auditEvent.create({ data: { actorId: actor.id, actorEmail: actor.email, action, ...entry, tokenId: actor.tokenId ?? null } });
}

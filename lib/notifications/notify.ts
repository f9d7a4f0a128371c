import type { Tx } from "@/lib/commands/command";

/** An in-app message, written in the same transaction as the decision it reports. */
export function notify(tx: Tx, userId: string, message: string, link?: string) {
  return tx.notification.create({ data: { userId, message: message.slice(0, 500), link: link ?? null } });
}

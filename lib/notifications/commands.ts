import { z } from "zod";
import { defineCommand } from "@/lib/commands/command";

/** Marks the caller's own notifications read; nobody can touch another user's. */
export const markNotificationsRead = defineCommand({
  name: "notifications.mark_read",
  // Every role holds catalog:read; it stands for "a signed-in user with any role".
  permission: "catalog:read",
  input: z.object({ ids: z.array(z.uuid("Notification must be a valid id")).min(1, "Name at least one notification").max(100, "At most 100 at a time") }),
  run: async ({ tx, input, actor }) => {
    const { count } = await tx.notification.updateMany({
      where: { userId: actor.id, readAt: null, id: { in: input.ids } },
      data: { readAt: new Date() },
    });
    return { result: { count }, audit: { targetType: "user", targetId: actor.id, summary: `Marked ${count} notification(s) read` } };
  },
});

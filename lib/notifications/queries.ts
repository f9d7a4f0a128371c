import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";

/** The latest notifications of one user (the bell shows these), unread first. */
export async function notificationsFor(db: PrismaClient, userId: string, take = 10) {
  const [unread, items] = await Promise.all([
    db.notification.count({ where: { userId, readAt: null } }),
    db.notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }],
      take,
      select: { id: true, message: true, link: true, readAt: true, createdAt: true },
    }),
  ]);
  return { unread, items };
}

export type Notifications = Awaited<ReturnType<typeof notificationsFor>>;

import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";

export function listUsers(db: PrismaClient) {
  return db.user.findMany({
    orderBy: { email: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      disabled: true,
      createdAt: true,
      roles: { select: { role: true }, orderBy: { role: "asc" } },
    },
  });
}

export type UserRow = Awaited<ReturnType<typeof listUsers>>[number];

import type { PrismaClient } from "@/generated/prisma/client";
import { knownRoles, type Actor } from "./permissions";

/** The actor a user id stands for. A disabled user is no actor: their existing sessions stop working at once. */
export async function findActor(db: PrismaClient, userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, disabled: true, roles: { select: { role: true }, orderBy: { role: "asc" } } },
  });
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, roles: knownRoles(user.roles.map((r) => r.role)) };
}

/**
 * Who asked for queued work, for its audit: the user even if disabled since (they are still who asked), without
 * roles, because the work's gate was passed when it was queued and nothing may be decided on their rights now.
 */
export async function findRequester(db: PrismaClient, userId: string): Promise<Actor> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  return { id: userId, email: user?.email ?? "a removed user", name: user?.name ?? "", roles: [] };
}

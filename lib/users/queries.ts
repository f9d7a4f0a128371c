import { prisma } from "@/lib/db/prisma";
import { knownRoles, type Actor } from "@/lib/auth/permissions";

/** A disabled user is no actor: their existing sessions stop working at once. */
export async function findActor(userId: string): Promise<Actor | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, disabled: true, roles: { select: { role: true }, orderBy: { role: "asc" } } },
  });
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, roles: knownRoles(user.roles.map((r) => r.role)) };
}

export function listUsers() {
  return prisma.user.findMany({
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

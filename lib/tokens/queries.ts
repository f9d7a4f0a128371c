import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";

/** The profile page's list: the caller's tokens, newest first; secrets never leave the database (only hashes are there). */
export function listOwnTokens(db: PrismaClient, userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, name: true, scope: true, roles: true, expiresAt: true, createdAt: true, lastUsedAt: true, lastUsedAddress: true, revokedAt: true },
  });
}
export type TokenRow = Awaited<ReturnType<typeof listOwnTokens>>[number];

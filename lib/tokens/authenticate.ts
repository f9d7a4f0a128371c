import type { PrismaClient } from "@/generated/prisma/client";
import { knownRoles, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/commands/errors";
import { findActor } from "@/lib/auth/actor";
import { parseToken, secretMatches } from "./secret";

export type TokenCaller = { actor: Actor; tokenId: string; readOnly: boolean };

const refused = (why: string) => new AppError("UNAUTHENTICATED", `${why} Create a token on your profile page and send it as Authorization: Bearer ferry_pat_….`);

/**
 * The caller behind `Authorization: Bearer ferry_pat_…`, checked on every call: the token exists, its secret
 * matches, it is neither revoked nor expired, its user is enabled, and its roles are those it was made with that
 * the user still has (a role taken away since then is gone from the token too). Last use is written at most once
 * a minute.
 */
export async function authenticateToken(db: PrismaClient, authorization: string, address: string): Promise<TokenCaller> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  const parsed = match?.[1] ? parseToken(match[1]) : null;
  if (!parsed) throw refused("The Authorization header does not carry a Ferry token.");
  const token = await db.apiToken.findUnique({ where: { id: parsed.id }, select: { id: true, userId: true, secretHash: true, scope: true, roles: true, expiresAt: true, revokedAt: true } });
  if (!token || !secretMatches(parsed.secret, token.secretHash)) throw refused("That token is not valid.");
  if (token.revokedAt) throw refused("That token was revoked.");
  if (token.expiresAt.getTime() <= Date.now()) throw refused("That token has expired.");
  const user = await findActor(db, token.userId);
  if (!user) throw refused("The token's user is disabled.");
  const granted = new Set(knownRoles(token.roles));
  const roles = token.scope === "READ" ? user.roles : user.roles.filter((role) => granted.has(role));
  await recordUse(db, token.id, address);
  return { actor: { ...user, roles, tokenId: token.id }, tokenId: token.id, readOnly: token.scope === "READ" };
}

async function recordUse(db: PrismaClient, tokenId: string, address: string): Promise<void> {
  await db.$executeRaw`
    UPDATE api_tokens SET last_used_at = now(), last_used_address = ${address.slice(0, 100)}
    WHERE id = ${tokenId}::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
}

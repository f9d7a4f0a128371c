import { randomUUID } from "node:crypto";
import { defineCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { CreateTokenInput, TokenIdInput } from "./fields";
import { formatToken, hashSecret, newSecret } from "./secret";

const DAY_MS = 86_400_000;

/**
 * A new token for the caller, shown once: the result carries the only copy of the secret (the row keeps its
 * hash, the audit neither). It holds the caller's roles of today, and each call gets no more than they have then.
 */
export const createToken = defineCommand({
  name: "tokens.create",
  permission: "tokens:manage",
  input: CreateTokenInput,
  run: async ({ tx, input, actor }) => {
    const id = randomUUID();
    const secret = newSecret();
    const expiresAt = new Date(Date.now() + input.expiresInDays * DAY_MS);
    const roles = input.scope === "ROLES" ? [...actor.roles] : [];
    await tx.apiToken.create({ data: { id, userId: actor.id, name: input.name, secretHash: hashSecret(secret), scope: input.scope, roles, expiresAt } });
    return {
      result: { id, name: input.name, scope: input.scope, roles, expiresAt, token: formatToken(id, secret) },
      audit: { targetType: "api_token", targetId: id, summary: `Created the ${input.scope === "READ" ? "read-only" : "role"} token ${input.name}, valid until ${expiresAt.toISOString().slice(0, 10)}`, details: { scope: input.scope, roles } },
    };
  },
});

/** Revoking is for the token's owner; a revoked token fails from its next call on (every call reads the row). */
export const revokeToken = defineCommand({
  name: "tokens.revoke",
  permission: "tokens:manage",
  input: TokenIdInput,
  run: async ({ tx, input, actor }) => {
    const token = await tx.apiToken.findFirst({ where: { id: input.tokenId, userId: actor.id }, select: { id: true, name: true, revokedAt: true } });
    if (!token) throw new AppError("NOT_FOUND", "You have no such token.");
    if (token.revokedAt) throw new AppError("CONFLICT", `${token.name} is already revoked.`);
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    return { result: { id: token.id }, audit: { targetType: "api_token", targetId: token.id, summary: `Revoked the token ${token.name}` } };
  },
});

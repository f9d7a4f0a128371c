// Helpers for /api/v1 tests: users with tokens made by the real command, and a fetch that speaks to the API.
import type { Actor, Role } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { createToken } from "@/lib/tokens/commands";
import { makeUser } from "../commands/world";

export type TokenUser = Actor & { token: string; tokenId: string };

export async function userWithToken(roles: Role[], scope: "READ" | "ROLES" = "ROLES", options: { email?: string } = {}): Promise<TokenUser> {
  const user = await makeUser(roles, options);
  const made = await executeCommand(prisma, createToken, user, { name: `test ${scope.toLowerCase()}`, scope, expiresInDays: 30 });
  return { ...user, token: made.token, tokenId: made.id };
}

export type Api = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

/** fetch against the API as `token` (none: anonymous); `json` becomes the body with its media type. */
export function apiAs(baseUrl: string, token: string | null): Api {
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set("Authorization", `Bearer ${token}`);
    const { json, ...rest } = init;
    if (json !== undefined) headers.set("Content-Type", "application/json");
    return fetch(`${baseUrl}/api/v1${path}`, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  };
}

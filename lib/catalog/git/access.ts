import type { PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/lib/commands/command";
import { secretStore } from "@/lib/secrets/store";
import { normalHost, type AddressCheck } from "./address";
import type { GitCredentials } from "./snapshot";

/** The hosts an admin allowed, as the address rule reads them (once per fetch, so a change applies to the next one). */
export async function addressCheckOf(db: PrismaClient | Tx): Promise<AddressCheck> {
  const hosts = new Set((await db.gitAllowedHost.findMany({ select: { host: true } })).map((h) => h.host));
  return { allowed: (host) => hosts.has(normalHost(host)) };
}

export const DEFAULT_GIT_USERNAME = "x-access-token";

/**
 * The stored token of a connected repository, for a fetch from `url`. A token goes only to the origin it was
 * given for: a URL changed to another host (say, one a team member controls) gets no token.
 */
export async function storedCredentials(db: PrismaClient | Tx, repository: { url: string; username: string | null; tokenSecret: string | null } | null, url: string): Promise<GitCredentials> {
  if (!repository?.tokenSecret || new URL(repository.url).origin !== new URL(url).origin) return null;
  return { username: repository.username ?? DEFAULT_GIT_USERNAME, token: await secretStore().get(db, repository.tokenSecret) };
}

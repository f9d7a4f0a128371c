import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { auth } from "@/lib/auth/auth";
import { findActor } from "@/lib/auth/actor";
import { env } from "@/lib/config/env";
import { clientAddress, trustedProxies } from "@/lib/http/client-address";
import { authenticateToken, type TokenCaller } from "@/lib/tokens/authenticate";

export type ApiCaller = { actor: Actor | null; token: Omit<TokenCaller, "actor"> | null };

export function requestAddress(headers: Headers): string {
  return clientAddress(headers.get("x-forwarded-for"), trustedProxies(env().FERRY_TRUSTED_PROXIES));
}

export async function tokenCaller(db: PrismaClient, request: Request): Promise<ApiCaller & { token: NonNullable<ApiCaller["token"]> }> {
  const { actor, ...token } = await authenticateToken(db, request.headers.get("authorization") ?? "", requestAddress(request.headers));
  return { actor, token };
}

/** The signed-in browser user of a GET (the API browser), read from the request's own cookies. */
export async function sessionCaller(db: PrismaClient, request: Request): Promise<ApiCaller> {
  const session = await auth().api.getSession({ headers: request.headers });
  return { actor: session ? await findActor(db, session.user.id) : null, token: null };
}

import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { genericOAuth } from "better-auth/plugins";
import { prisma } from "@/lib/db/prisma";
import { baseUrl, env, servedOverHttps, type Env } from "@/lib/config/env";
import { hashPassword, verifyPassword } from "./password";
import { resolveAuthSecret } from "./secret";

export const OIDC_PROVIDER_ID = "oidc";

function oidcPlugins(config: Env) {
  if (!config.FERRY_OIDC_ISSUER || !config.FERRY_OIDC_CLIENT_ID || !config.FERRY_OIDC_CLIENT_SECRET) return [];
  const issuer = config.FERRY_OIDC_ISSUER.replace(/\/$/, "");
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          clientId: config.FERRY_OIDC_CLIENT_ID,
          clientSecret: config.FERRY_OIDC_CLIENT_SECRET,
          discoveryUrl: `${issuer}/.well-known/openid-configuration`,
          scopes: ["openid", "email", "profile"],
        },
      ],
    }),
  ];
}

function createAuth(config: Env) {
  const https = servedOverHttps(config);
  return betterAuth({
    appName: "Ferry",
    baseURL: baseUrl(config),
    secret: resolveAuthSecret(config),
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      // Accounts are created by admins (or by OIDC on first sign-in), never by self-service sign-up.
      disableSignUp: true,
      minPasswordLength: 10,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    // Sign-in limits live in PostgreSQL and count failures per account (lib/http/auth-endpoints.ts); better-auth's
    // own limiter is per process and would read a client-sent X-Forwarded-For.
    rateLimit: { enabled: false },
    advanced: {
      // Over https the cookies are __Host- (this origin only, Secure, Path=/, no Domain), set here rather than
      // through useSecureCookies, which would give the weaker __Secure- prefix.
      useSecureCookies: false,
      cookiePrefix: https ? "__Host-ferry" : "ferry",
      database: { generateId: "uuid" },
      // Lax keeps the session on top-level navigations from elsewhere; state-changing requests also need a
      // same-origin proof (lib/http/same-origin.ts, proxy.ts for server actions).
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: https, path: "/" },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { disabled: true } });
            return user && !user.disabled ? { data: session } : false;
          },
          after: async (session) => {
            const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { email: true } });
            await prisma.auditEvent.create({
              data: {
                actorId: session.userId,
                actorEmail: user?.email ?? "unknown",
                action: "auth.signed_in",
                targetType: "user",
                targetId: session.userId,
                summary: "Signed in",
              },
            });
          },
        },
      },
    },
    plugins: oidcPlugins(config),
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { ferryAuth?: Auth };

/** Created on first use so `next build` never needs secrets or a database. */
export function auth(): Auth {
  globalForAuth.ferryAuth ??= createAuth(env());
  return globalForAuth.ferryAuth;
}

export function oidcEnabled(config: Env = env()): { name: string } | null {
  return config.FERRY_OIDC_ISSUER ? { name: config.FERRY_OIDC_NAME } : null;
}

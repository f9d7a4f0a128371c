import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { genericOAuth } from "better-auth/plugins";
import { prisma } from "@/lib/db/prisma";
import { baseUrl, env, type Env } from "@/lib/config/env";
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
    rateLimit: {
      enabled: true,
      customRules: { "/sign-in/email": { window: 60, max: config.FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE } },
    },
    advanced: {
      cookiePrefix: "ferry",
      database: { generateId: "uuid" },
      // SameSite=Lax + httpOnly is the CSRF guard for server actions, which accept requests without Origin.
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
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

import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { genericOAuth } from "better-auth/plugins";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { z } from "zod";
import { prisma } from "@/lib/db/prisma";
import { baseUrl, env, type Env } from "@/lib/config/env";
import { hashPassword, verifyPassword } from "./password";
import { resolveAuthSecret } from "./secret";
import { accountSignInLimiter } from "./sign-in-limit";

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

const SignInBody = z.object({ email: z.string() });

function createAuth(config: Env) {
  const perAccount = accountSignInLimiter(config.FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE);
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
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const body = SignInBody.safeParse(ctx.body);
        const wait = body.success ? await perAccount.attempt(body.data.email) : null;
        if (wait !== null) throw new APIError("TOO_MANY_REQUESTS", { message: `Too many sign-in attempts for this account. Try again in ${wait} s.` });
      }),
    },
    advanced: {
      cookiePrefix: "ferry",
      // Behind a proxy, list it so the per-address limit reads the real client from X-Forwarded-For.
      ...(config.FERRY_TRUSTED_PROXIES.length ? { ipAddress: { trustedProxies: config.FERRY_TRUSTED_PROXIES } } : {}),
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

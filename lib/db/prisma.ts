// The one Prisma client of the app, over node-postgres via @prisma/adapter-pg (Prisma 7 has no query engine binary).
// Created on first use, not at import: scripts/start.ts only learns DATABASE_URL (embedded PostgreSQL) after
// modules are loaded, and importing this file must never need a database.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";

/** A new client for `databaseUrl`; most code wants the shared `prisma` below instead. */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    // FERRY_LOG_QUERIES=1 prints every SQL statement with its duration; useful when tuning list pages.
    log: process.env.FERRY_LOG_QUERIES === "1" ? ["query", "info", "warn", "error"] : ["warn", "error"],
  });
}

// Next's dev server re-evaluates modules on every change; keeping the client on globalThis avoids a new pool each time.
const globalForPrisma = globalThis as typeof globalThis & { __ferryPrisma?: PrismaClient };

function client(): PrismaClient {
  if (!globalForPrisma.__ferryPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; the Prisma client has no database to connect to.");
    globalForPrisma.__ferryPrisma = createPrismaClient(url);
  }
  return globalForPrisma.__ferryPrisma;
}

/** The shared client; the first property access connects using process.env.DATABASE_URL. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    // Disconnecting a client that was never created is a no-op rather than a reason to create one.
    if (property === "$disconnect" && !globalForPrisma.__ferryPrisma) return async () => undefined;
    const target = client();
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
  has(_target, property) {
    return Reflect.has(client(), property);
  },
});

/** Closes the shared client (if any) so the next use reconnects — e.g. after DATABASE_URL changed in tests. */
export async function disconnectPrisma(): Promise<void> {
  const existing = globalForPrisma.__ferryPrisma;
  globalForPrisma.__ferryPrisma = undefined;
  await existing?.$disconnect();
}

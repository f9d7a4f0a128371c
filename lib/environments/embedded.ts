import type { PrismaClient } from "@/generated/prisma/client";

export const EMBEDDED_ENVIRONMENT = "embedded";
export const EMBEDDED_BUCKET = "ferry-embedded";

/** In embedded mode runs go to the engine on this machine; its environment row always exists. */
export async function ensureEmbeddedEnvironment(db: PrismaClient, region: string) {
  return db.environment.upsert({
    where: { name: EMBEDDED_ENVIRONMENT },
    update: {},
    create: { name: EMBEDDED_ENVIRONMENT, kind: "EMBEDDED", region, bucket: EMBEDDED_BUCKET },
  });
}

import type { PrismaClient } from "@/generated/prisma/client";

export const EMBEDDED_ENVIRONMENT = "embedded";
export const EMBEDDED_BUCKET = "ferry-embedded";

/** The embedded environment names no account or roles: its ARNs use the engine's account and roles it accepts. */
export const ENGINE_PLACEHOLDERS = {
  accountId: "000000000000",
  stateMachineRoleArn: "arn:aws:iam::000000000000:role/ferry-embedded-state-machine",
  sagemakerRoleArn: "arn:aws:iam::000000000000:role/ferry-embedded-sagemaker",
} as const;

/** In embedded mode runs go to the engine on this machine; its environment row always exists. */
export async function ensureEmbeddedEnvironment(db: PrismaClient, region: string) {
  return db.environment.upsert({
    where: { name: EMBEDDED_ENVIRONMENT },
    update: {},
    create: { name: EMBEDDED_ENVIRONMENT, kind: "EMBEDDED", region, bucket: EMBEDDED_BUCKET },
  });
}

import type { S3Client } from "@aws-sdk/client-s3";
import type { Environment, PrismaClient } from "@/generated/prisma/client";
import { clientsFor } from "@/lib/aws/clients";
import { AppError } from "@/lib/commands/errors";
import type { Tx } from "@/lib/commands/command";

export type CatalogStorage = {
  environment: Pick<Environment, "id" | "name" | "kind" | "region" | "endpointOverride" | "accessRoleArn" | "externalId" | "bucket">;
  s3: S3Client;
  bucket: string;
};

const ENVIRONMENT_SELECT = { id: true, name: true, kind: true, region: true, endpointOverride: true, accessRoleArn: true, externalId: true, bucket: true } as const;
// The environment on this machine first (its kind sorts first), then the oldest.
const CATALOG_ORDER = [{ kind: "asc" as const }, { createdAt: "asc" as const }];

/**
 * Where the catalog keeps code and build contexts: the bucket of the first environment in CATALOG_ORDER (on a
 * laptop, the engine's). Deployments to other environments copy from here.
 */
export async function catalogStorage(db: PrismaClient | Tx): Promise<CatalogStorage> {
  const environment = await db.environment.findFirst({ orderBy: CATALOG_ORDER, select: ENVIRONMENT_SELECT });
  if (!environment) throw new AppError("NOT_FOUND", "No environment is configured yet; an admin must add one before code can be stored.");
  return { environment, s3: clientsFor(environment).s3, bucket: environment.bucket };
}

/** The environment whose ECR answers for images of a region (ECR is regional), in the catalog's order; null if none. */
export async function ecrEnvironmentFor(db: PrismaClient, region: string) {
  return db.environment.findFirst({ where: { region }, orderBy: CATALOG_ORDER, select: ENVIRONMENT_SELECT });
}

import type { S3Client } from "@aws-sdk/client-s3";
import type { Environment, PrismaClient } from "@/generated/prisma/client";
import { awsClients } from "@/lib/aws/clients";
import { AppError } from "@/lib/commands/errors";
import { targetFor } from "@/lib/environments/target";
import type { Tx } from "@/lib/commands/command";

export type CatalogStorage = {
  environment: Pick<Environment, "id" | "name" | "kind" | "region" | "endpointOverride" | "bucket">;
  s3: S3Client;
  bucket: string;
};

const ENVIRONMENT_SELECT = { id: true, name: true, kind: true, region: true, endpointOverride: true, bucket: true } as const;

/**
 * Where the catalog keeps code and build contexts: the bucket of the embedded environment when there is one
 * (a laptop), otherwise the first AWS environment. Deployments to other environments copy from here.
 */
export async function catalogStorage(db: PrismaClient | Tx): Promise<CatalogStorage> {
  const environment = await db.environment.findFirst({ orderBy: [{ kind: "asc" }, { createdAt: "asc" }], select: ENVIRONMENT_SELECT });
  if (!environment) throw new AppError("NOT_FOUND", "No environment is configured yet; an admin must add one before code can be stored.");
  return { environment, s3: awsClients(targetFor(environment)).s3, bucket: environment.bucket };
}

/** The AWS environment that can answer ECR questions about an image's account and region, if any. */
export async function awsEnvironmentFor(db: PrismaClient, region: string) {
  return db.environment.findFirst({ where: { kind: "AWS", region }, orderBy: { createdAt: "asc" }, select: ENVIRONMENT_SELECT });
}

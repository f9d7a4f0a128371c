import type { PrismaClient } from "@/generated/prisma/client";
import { awsClients } from "@/lib/aws/clients";
import { AppError } from "@/lib/commands/errors";
import { env } from "@/lib/config/env";
import { ensureEmbeddedEnvironment } from "@/lib/environments/embedded";
import { targetFor } from "@/lib/environments/target";
import { ensureBucket, putObject, s3Uri } from "@/lib/storage/objects";

/**
 * Content-addressed keys: uploads happen before the import's transaction, so two imports racing on one
 * script can never overwrite each other's bytes under a key the catalog already points at.
 */
export function codeKey(slug: string, sha256: string, name: string): string {
  return `ferry/code/${slug}/${sha256.slice(0, 16)}/${name}`;
}

/** The environment whose bucket holds uploaded code: the embedded one locally, else the first configured. */
export async function codeEnvironment(db: PrismaClient) {
  const config = env();
  if (config.FERRY_MODE === "embedded") return ensureEmbeddedEnvironment(db, config.AWS_REGION);
  const first = await db.environment.findFirst({ orderBy: { createdAt: "asc" } });
  if (!first) throw new AppError("CONFLICT", "No environment is configured to store code in. An admin must add one first.");
  return first;
}

export type CodeStore = { bucket: string; put: (key: string, bytes: Uint8Array) => Promise<string> };

export async function codeStore(db: PrismaClient): Promise<CodeStore> {
  const environment = await codeEnvironment(db);
  const { s3 } = awsClients(targetFor(environment));
  let ready: Promise<void> | null = null;
  return {
    bucket: environment.bucket,
    put: async (key, bytes) => {
      ready ??= ensureBucket(s3, environment.bucket);
      await ready;
      await putObject(s3, { bucket: environment.bucket, key }, bytes, "text/plain; charset=utf-8");
      return s3Uri({ bucket: environment.bucket, key });
    },
  };
}

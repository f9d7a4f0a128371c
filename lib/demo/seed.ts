import type { PrismaClient } from "@/generated/prisma/client";
import { executeCommand } from "@/lib/commands/command";
import { EMBEDDED_ENVIRONMENT } from "@/lib/environments/embedded";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { releasePipelineVersion } from "@/lib/pipelines/release";
import { findActor } from "@/lib/users/queries";
import { DEMO_USERS } from "@/lib/users/demo";

export const DEMO_PIPELINE = "churn-three-step";

type Log = (message: string) => void;

/**
 * The embedded default's demo, made through the same commands a person would use (so it is audited as the
 * demo MLOps engineer): the article's three-step pipeline, published and live in the embedded engine.
 * Idempotent: a restart finds it and changes nothing.
 */
export async function seedDemo(db: PrismaClient, log: Log) {
  const mlopsEmail = DEMO_USERS.find((u) => u.roles.includes("MLOPS_ENGINEER"))?.email ?? "";
  const user = await db.user.findUnique({ where: { email: mlopsEmail }, select: { id: true } });
  const mlops = user ? await findActor(user.id) : null;
  if (!mlops) return log("demo skipped: the demo MLOps engineer is missing or disabled");

  const existing = await db.pipeline.findUnique({ where: { name: DEMO_PIPELINE }, select: { id: true } });
  if (existing) return;
  const pipeline = await executeCommand(db, createPipeline, mlops, { name: DEMO_PIPELINE, description: "The article's pipeline: preprocess, a custom inference container, postprocess" });
  const version = await executeCommand(db, publishPipelineVersion, mlops, { pipelineId: pipeline.id });
  const environment = await db.environment.findUniqueOrThrow({ where: { name: EMBEDDED_ENVIRONMENT }, select: { id: true } });
  const release = await releasePipelineVersion(db, mlops, { pipelineVersionId: version.id, environmentId: environment.id });
  log(release.status === "LIVE" ? `demo pipeline ${DEMO_PIPELINE} v1 is live in the engine` : `demo pipeline could not be deployed: ${release.error}`);
}

import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor, Role } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { EMBEDDED_ENVIRONMENT } from "@/lib/environments/embedded";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { releasePipelineVersion } from "@/lib/deployments/release";
import { findActor } from "@/lib/auth/actor";
import { DEMO_USERS } from "@/lib/users/demo";
import { DEMO_MODEL, seedDemoModel } from "./model";

export const DEMO_PIPELINE = "churn-three-step";

type Log = (message: string) => void;

async function demoActor(db: PrismaClient, role: Role): Promise<Actor | null> {
  const email = DEMO_USERS.find((u) => u.roles.includes(role))?.email ?? "";
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  return user ? findActor(db, user.id) : null;
}

/** The article's three-step pipeline, published and live in the engine; returns its first version. */
async function seedDemoPipeline(db: PrismaClient, mlops: Actor, log: Log): Promise<string> {
  const existing = await db.pipelineVersion.findFirst({ where: { pipeline: { name: DEMO_PIPELINE }, version: 1 }, select: { id: true } });
  if (existing) return existing.id;
  const pipeline = await executeCommand(db, createPipeline, mlops, { name: DEMO_PIPELINE, description: "The article's pipeline: preprocess, a custom inference container, postprocess" });
  const version = await executeCommand(db, publishPipelineVersion, mlops, { pipelineId: pipeline.id });
  const environment = await db.environment.findUniqueOrThrow({ where: { name: EMBEDDED_ENVIRONMENT }, select: { id: true } });
  const release = await releasePipelineVersion(db, mlops, { pipelineVersionId: version.id, environmentId: environment.id });
  log(release.status === "LIVE" ? `demo pipeline ${DEMO_PIPELINE} v1 is live in the engine` : `demo pipeline could not be deployed: ${release.error}`);
  return version.id;
}

/**
 * The embedded default's demo, made through the same operations people use (so it is audited as the demo
 * users): the article's pipeline, and a legacy churn model with a live deployment of it, ready to Run.
 * Idempotent: a restart finds them and changes nothing.
 */
export async function seedDemo(db: PrismaClient, log: Log) {
  const [ds, mlops, admin] = await Promise.all([demoActor(db, "DATA_SCIENTIST"), demoActor(db, "MLOPS_ENGINEER"), demoActor(db, "ADMIN")]);
  if (!ds || !mlops || !admin) return log("demo skipped: a demo user is missing or disabled");
  const versionId = await seedDemoPipeline(db, mlops, log);
  if (await db.model.findUnique({ where: { slug: DEMO_MODEL }, select: { id: true } })) return;
  const deployment = await seedDemoModel(db, { ds, mlops, admin }, versionId);
  log(deployment.status === "LIVE" ? `demo model ${DEMO_MODEL} is live: sign in and press Run on its page` : `demo model could not be deployed: ${deployment.error}`);
}

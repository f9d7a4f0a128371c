import type { Environment, PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { awsClients } from "@/lib/aws/clients";
import { writeAudit } from "@/lib/commands/audit";
import { defineCommand, executeCommand, requireSignedIn } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import type { JobPayload } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/enqueue";
import { findActor } from "@/lib/users/queries";
import { plainWords, pointAlias, publishStateMachine } from "@/lib/environments/state-machines";
import { stateMachineArn, stateMachineRoleArn, targetFor } from "@/lib/environments/target";
import { notify } from "@/lib/notifications/notify";
import { currentApproval } from "./approval";
import { approveDeployment, deploymentLink } from "./commands";
import { DeploymentIdInput } from "./fields";
import { deploymentStateMachineName, deploymentTags, LIVE_ALIAS } from "./naming";
import { STATUS_WORDS } from "./status";

/**
 * Deployable: approved and not yet deployed, a failed deploy being retried, or a LIVE deployment from before
 * Ferry published versions (no version ARN): redeploying it publishes the approved definition, and its runs
 * refuse to start until then.
 */
const DEPLOYABLE = ["APPROVED", "FAILED", "LIVE"] as const;

const deployable = (d: { status: string; stateMachineVersionArn: string | null }) =>
  d.status === "LIVE" ? d.stateMachineVersionArn === null : (DEPLOYABLE as readonly string[]).includes(d.status);

/**
 * Step one of a deploy: the intent (DEPLOYING) and the job that carries it out, in one transaction, before any
 * AWS call: a crash anywhere leaves a row that says what was being done and a job that finishes it. Refused
 * when the approval no longer holds for what the catalog has now.
 */
export const startDeploy = defineCommand({
  name: "deployments.deploy",
  permission: "deployments:decide",
  input: DeploymentIdInput,
  run: async ({ tx, input, actor }) => {
    const d = await tx.deployment.findUnique({
      where: { id: input.deploymentId },
      select: { id: true, status: true, stateMachineVersionArn: true, model: { select: { slug: true } }, environment: { select: { name: true } } },
    });
    if (!d) throw new AppError("NOT_FOUND", "That deployment does not exist.");
    if (!deployable(d)) {
      throw new AppError("CONFLICT", `A deployment that is ${STATUS_WORDS[d.status].toLowerCase()} cannot be deployed${d.status === "PENDING_APPROVAL" ? " before an admin approves it" : ""}.`);
    }
    const approval = await currentApproval(tx, d.id);
    if (!approval.holds) throw new AppError("CONFLICT", `The approval no longer holds: ${approval.changes.join("; ")}. Request the deployment again.`);
    const { count } = await tx.deployment.updateMany({
      where: { id: d.id, status: d.status, stateMachineVersionArn: d.stateMachineVersionArn },
      data: { status: "DEPLOYING", deployError: null },
    });
    if (count === 0) throw new AppError("CONFLICT", "Someone else started this deploy a moment ago.");
    await enqueue(tx, "deployments.deploy", { deploymentId: d.id, actorId: actor.id });
    return { result: { id: d.id }, audit: { targetType: "deployment", targetId: d.id, summary: `Deploying ${d.model.slug} to ${d.environment.name}` } };
  },
});

/** What the Deploy button calls: the intent and its job; the page follows DEPLOYING until the worker is done. */
export async function requestDeploy(db: PrismaClient, actor: Actor | null, rawInput: unknown) {
  const { id } = await executeCommand(db, startDeploy, actor, rawInput);
  return { id, status: "DEPLOYING" as const };
}

/**
 * The job: create-or-update of the model's state machine (only if its ownership tags name this model),
 * publishing the approved definition as a version and pointing the alias `live` at it, then the outcome — LIVE
 * with the version ARN runs will start on (older live deployments of the model in that environment become
 * SUPERSEDED, the model LIVE) or FAILED with the error in plain words. Idempotent: a deployment no longer
 * DEPLOYING is left alone, an unchanged revision publishes as the same version, and the outcome is written
 * only over DEPLOYING, so a second delivery of the job changes nothing.
 */
export async function performDeploy(db: PrismaClient, { deploymentId, actorId }: JobPayload<"deployments.deploy">) {
  const d = await db.deployment.findFirst({
    where: { id: deploymentId, status: "DEPLOYING" },
    select: {
      id: true,
      modelId: true,
      environmentId: true,
      requestedById: true,
      environment: true,
      model: { select: { slug: true } },
      pipelineVersion: { select: { version: true, definition: true, pipeline: { select: { name: true } } } },
    },
  });
  if (!d) return null;
  const outcome = await publishDeployment(d);
  // The audit names who asked for the deploy; a user disabled since then is still who asked.
  const actor = (await findActor(actorId)) ?? { id: actorId, email: "a disabled user" };
  return db.$transaction(async (tx) => {
    const where = { id: d.id, status: "DEPLOYING" as const };
    const link = deploymentLink(d.id);
    if (!outcome.ok) {
      const { count } = await tx.deployment.updateMany({ where, data: { status: "FAILED", deployError: outcome.error } });
      if (count === 0) return null;
      await notify(tx, d.requestedById, `Deploying ${d.model.slug} to ${d.environment.name} failed: ${outcome.error}`, link);
      await writeAudit(tx, actor, "deployments.deploy_finished", { targetType: "deployment", targetId: d.id, summary: `Deploying ${d.model.slug} failed: ${outcome.error}` });
      return { id: d.id, status: "FAILED" as const, stateMachineArn: null, error: outcome.error };
    }
    const { count } = await tx.deployment.updateMany({
      where,
      data: { status: "LIVE", stateMachineArn: outcome.arn, stateMachineVersionArn: outcome.versionArn, stateMachineRevision: outcome.revisionId, deployError: null },
    });
    if (count === 0) return null;
    const superseded = await tx.deployment.updateMany({
      where: { modelId: d.modelId, environmentId: d.environmentId, status: "LIVE", id: { not: d.id } },
      data: { status: "SUPERSEDED", supersededAt: new Date() },
    });
    await tx.model.update({ where: { id: d.modelId }, data: { status: "LIVE" } });
    await notify(tx, d.requestedById, `${d.model.slug} is live in ${d.environment.name}.`, link);
    await writeAudit(tx, actor, "deployments.deploy_finished", {
      targetType: "deployment",
      targetId: d.id,
      summary: `${d.model.slug} is live in ${d.environment.name}${superseded.count ? ` (superseded ${superseded.count} older deployment)` : ""}`,
      details: { stateMachineArn: outcome.arn, versionArn: outcome.versionArn, revisionId: outcome.revisionId },
    });
    return { id: d.id, status: "LIVE" as const, stateMachineArn: outcome.arn, error: null };
  });
}

/**
 * Deploy and wait for the outcome in this process (the demo seed at start-up, tests): the same intent and job
 * as requestDeploy, carried out here at once; the queued job then finds nothing left to do.
 */
export async function deployDeployment(db: PrismaClient, actor: Actor | null, rawInput: unknown) {
  requireSignedIn(actor);
  const { id } = await executeCommand(db, startDeploy, actor, rawInput);
  await performDeploy(db, { deploymentId: id, actorId: actor.id });
  const d = await db.deployment.findUniqueOrThrow({ where: { id }, select: { id: true, status: true, stateMachineArn: true, deployError: true } });
  return { id, status: d.status, stateMachineArn: d.stateMachineArn, error: d.deployError };
}

type DeployTarget = {
  id: string;
  modelId: string;
  environment: Environment;
  model: { slug: string };
  pipelineVersion: { version: number; definition: unknown; pipeline: { name: string } };
};

/** The AWS half of a deploy: publish the approved definition as a version of the model's machine, move `live` to it. */
async function publishDeployment(d: DeployTarget) {
  const name = deploymentStateMachineName(d.model.slug);
  const pipeline = d.pipelineVersion.pipeline.name;
  const version = d.pipelineVersion.version;
  const { sfn } = awsClients(targetFor(d.environment));
  try {
    const published = await publishStateMachine(sfn, {
      arn: stateMachineArn(d.environment, name),
      name,
      definition: JSON.stringify(d.pipelineVersion.definition),
      roleArn: stateMachineRoleArn(d.environment),
      ownership: { kind: "deployment", owner: d.modelId },
      tags: deploymentTags({ modelSlug: d.model.slug, pipelineName: pipeline, version, deploymentId: d.id }),
      versionDescription: `Ferry deployment ${d.id}: ${pipeline} v${version}`,
    });
    await pointAlias(sfn, published.arn, LIVE_ALIAS, published.versionArn);
    return { ok: true as const, ...published };
  } catch (error) {
    return { ok: false as const, error: plainWords(error, "Unknown error from Step Functions") };
  } finally {
    sfn.destroy();
  }
}

/** Approval deploys at once: the approval is recorded (and kept) even if the deploy then fails. The button's path: the deploy is queued. */
export async function approveAndRequestDeploy(db: PrismaClient, actor: Actor | null, rawInput: unknown) {
  const approved = await executeCommand(db, approveDeployment, actor, rawInput);
  return requestDeploy(db, actor, { deploymentId: approved.id });
}

/** Approve and deploy in this process, waiting for the outcome (the demo seed, tests). */
export async function approveAndDeploy(db: PrismaClient, actor: Actor | null, rawInput: unknown) {
  const approved = await executeCommand(db, approveDeployment, actor, rawInput);
  return deployDeployment(db, actor, { deploymentId: approved.id });
}

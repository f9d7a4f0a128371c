import { z } from "zod";
import type { Environment, PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import type { AuditEntry } from "@/lib/audit/write";
import { findRequester } from "@/lib/auth/actor";
import { clientsFor } from "@/lib/aws/clients";
import type { Principal } from "@/lib/aws/targets";
import { defineCommand, executeCommand, executeFollowUp, requireSignedIn } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import type { JobPayload } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/enqueue";
import { plainWords, pointAlias, publishStateMachine } from "@/lib/environments/state-machines";
import { stateMachineArn, stateMachineRoleArn } from "@/lib/environments/target";
import { notify } from "@/lib/notifications/notify";
import { currentApproval } from "./approval";
import { approveDeployment, deploymentLink } from "./commands";
import { ApproveInput, DeploymentIdInput } from "./fields";
import { deploymentStateMachineName, deploymentTags, LIVE_ALIAS } from "./naming";
import { isDeployable } from "./rules";
import { STATUS_WORDS } from "./status";

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
    if (!isDeployable(d)) {
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

/** What Step Functions answered for a deploy: the version `live` now points at, or why not (plainWords). */
const DeployOutcome = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), arn: z.string().min(1).max(2048), versionArn: z.string().min(1).max(2048), revisionId: z.string().max(256).nullable() }),
  z.object({ ok: z.literal(false), error: z.string().min(1).max(1000) }),
]);

export type DeployResult = { id: string; status: "LIVE" | "FAILED"; stateMachineArn: string | null; error: string | null };

/**
 * Step three of a deploy: the outcome, recorded once. Only a deployment still DEPLOYING takes one, so a replay
 * changes nothing. LIVE supersedes the model's older live deployments in that environment and makes the model
 * LIVE; either way the requester hears of it. Not offered as an action: the deploy job (performDeploy) runs it
 * with what AWS answered.
 */
export const finishDeploy = defineCommand({
  name: "deployments.deploy_finished",
  permission: "deployments:decide",
  input: DeploymentIdInput.extend({ outcome: DeployOutcome }),
  run: async ({ tx, input: { deploymentId, outcome } }): Promise<{ result: DeployResult; audit: AuditEntry }> => {
    const d = await tx.deployment.findUnique({
      where: { id: deploymentId },
      select: { id: true, modelId: true, environmentId: true, requestedById: true, model: { select: { slug: true } }, environment: { select: { name: true } } },
    });
    if (!d) throw new AppError("NOT_FOUND", "That deployment does not exist.");
    const where = { id: d.id, status: "DEPLOYING" as const };
    const link = deploymentLink(d.id);
    if (!outcome.ok) {
      await requireDeploying(tx.deployment.updateMany({ where, data: { status: "FAILED", deployError: outcome.error } }));
      await notify(tx, d.requestedById, `Deploying ${d.model.slug} to ${d.environment.name} failed: ${outcome.error}`, link);
      return {
        result: { id: d.id, status: "FAILED", stateMachineArn: null, error: outcome.error },
        audit: { targetType: "deployment", targetId: d.id, summary: `Deploying ${d.model.slug} failed: ${outcome.error}` },
      };
    }
    await requireDeploying(
      tx.deployment.updateMany({
        where,
        data: { status: "LIVE", stateMachineArn: outcome.arn, stateMachineVersionArn: outcome.versionArn, stateMachineRevision: outcome.revisionId, deployError: null },
      }),
    );
    const superseded = await tx.deployment.updateMany({
      where: { modelId: d.modelId, environmentId: d.environmentId, status: "LIVE", id: { not: d.id } },
      data: { status: "SUPERSEDED", supersededAt: new Date() },
    });
    await tx.model.update({ where: { id: d.modelId }, data: { status: "LIVE" } });
    await notify(tx, d.requestedById, `${d.model.slug} is live in ${d.environment.name}.`, link);
    return {
      result: { id: d.id, status: "LIVE", stateMachineArn: outcome.arn, error: null },
      audit: {
        targetType: "deployment",
        targetId: d.id,
        summary: `${d.model.slug} is live in ${d.environment.name}${superseded.count ? ` (superseded ${superseded.count} older deployment)` : ""}`,
        details: { stateMachineArn: outcome.arn, versionArn: outcome.versionArn, revisionId: outcome.revisionId },
      },
    };
  },
});

async function requireDeploying(update: Promise<{ count: number }>) {
  if ((await update).count === 0) throw new AppError("CONFLICT", "That deploy has already finished.");
}

/** What the Deploy button calls: the intent and its job; the page follows DEPLOYING until the worker is done. */
export async function requestDeploy(db: PrismaClient, actor: Actor | null, input: z.input<typeof DeploymentIdInput>) {
  const { id } = await executeCommand(db, startDeploy, actor, input);
  return { id, status: "DEPLOYING" as const };
}

/**
 * The job: create-or-update of the model's state machine (only if its ownership tags name this model),
 * publishing the approved definition as a version and pointing the alias `live` at it, then the outcome
 * (finishDeploy, in the name of whoever asked). Idempotent: a deployment no longer DEPLOYING is left alone, an
 * unchanged revision publishes as the same version, and only a DEPLOYING deployment takes an outcome, so a second
 * delivery of the job changes nothing.
 */
export async function performDeploy(db: PrismaClient, { deploymentId, actorId }: JobPayload<"deployments.deploy">): Promise<DeployResult | null> {
  const d = await db.deployment.findFirst({
    where: { id: deploymentId, status: "DEPLOYING" },
    select: {
      id: true,
      modelId: true,
      environment: true,
      model: { select: { slug: true } },
      pipelineVersion: { select: { version: true, definition: true, pipeline: { select: { name: true } } } },
    },
  });
  if (!d) return null;
  const requester = await findRequester(db, actorId);
  const outcome = await publishDeployment(d, requester);
  try {
    return await executeFollowUp(db, finishDeploy, requester, { deploymentId: d.id, outcome });
  } catch (error) {
    // Another delivery of this job recorded the outcome first.
    if (error instanceof AppError && error.code === "CONFLICT") return null;
    throw error;
  }
}

/**
 * Deploy and wait for the outcome in this process (the demo seed at start-up, tests): the same intent and job
 * as requestDeploy, carried out here at once; the queued job then finds nothing left to do.
 */
export async function deployDeployment(db: PrismaClient, actor: Actor | null, input: z.input<typeof DeploymentIdInput>) {
  requireSignedIn(actor);
  const { id } = await executeCommand(db, startDeploy, actor, input);
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
async function publishDeployment(d: DeployTarget, principal: Principal) {
  const name = deploymentStateMachineName(d.model.slug);
  const pipeline = d.pipelineVersion.pipeline.name;
  const version = d.pipelineVersion.version;
  const { sfn } = clientsFor(d.environment, principal);
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
  }
}

/** Approval deploys at once: the approval is recorded (and kept) even if the deploy then fails. The button's path: the deploy is queued. */
export async function approveAndRequestDeploy(db: PrismaClient, actor: Actor | null, input: z.input<typeof ApproveInput>) {
  const approved = await executeCommand(db, approveDeployment, actor, input);
  return requestDeploy(db, actor, { deploymentId: approved.id });
}

/** Approve and deploy in this process, waiting for the outcome (the demo seed, tests). */
export async function approveAndDeploy(db: PrismaClient, actor: Actor | null, input: z.input<typeof ApproveInput>) {
  const approved = await executeCommand(db, approveDeployment, actor, input);
  return deployDeployment(db, actor, { deploymentId: approved.id });
}

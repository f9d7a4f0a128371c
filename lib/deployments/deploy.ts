import { z } from "zod";
import type { Environment, PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import type { AuditEntry } from "@/lib/audit/write";
import { awsClients } from "@/lib/aws/clients";
import { defineCommand, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { plainWords, pointAlias, publishStateMachine } from "@/lib/environments/state-machines";
import { stateMachineArn, stateMachineRoleArn, targetFor } from "@/lib/environments/target";
import { notify } from "@/lib/notifications/notify";
import { currentApproval } from "./approval";
import { approveDeployment, deploymentLink } from "./commands";
import { ApproveInput, DeploymentIdInput } from "./fields";
import { deploymentStateMachineName, deploymentTags, LIVE_ALIAS } from "./naming";
import { isDeployable } from "./rules";
import { STATUS_WORDS } from "./status";

/**
 * Step one of a deploy: the intent (DEPLOYING), recorded before any AWS call so a crash leaves a row that says
 * what was being done. Refused when the approval no longer holds for what the catalog has now.
 */
export const startDeploy = defineCommand({
  name: "deployments.deploy",
  permission: "deployments:decide",
  input: DeploymentIdInput,
  run: async ({ tx, input }) => {
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
 * LIVE; either way the requester hears of it. Not offered as an action: deployDeployment runs it with what AWS
 * answered.
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

/**
 * Deploys an approved request: intent, then create-or-update of the model's state machine (only if its
 * ownership tags name this model), publishing the approved definition as a version and pointing the alias
 * `live` at it, then the outcome (finishDeploy). Calling it again after FAILED retries from the start; an
 * unchanged revision publishes as the same version.
 */
export async function deployDeployment(db: PrismaClient, actor: Actor | null, input: z.input<typeof DeploymentIdInput>) {
  const { id } = await executeCommand(db, startDeploy, actor, input);
  const d = await db.deployment.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      modelId: true,
      environment: true,
      model: { select: { slug: true } },
      pipelineVersion: { select: { version: true, definition: true, pipeline: { select: { name: true } } } },
    },
  });
  return executeCommand(db, finishDeploy, actor, { deploymentId: id, outcome: await publishDeployment(d) });
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

/** Approval deploys at once: the approval is recorded (and kept) even if the deploy then fails. */
export async function approveAndDeploy(db: PrismaClient, actor: Actor | null, input: z.input<typeof ApproveInput>) {
  const approved = await executeCommand(db, approveDeployment, actor, input);
  return deployDeployment(db, actor, { deploymentId: approved.id });
}

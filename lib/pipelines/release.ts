import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { awsClients } from "@/lib/aws/clients";
import { writeAudit } from "@/lib/commands/audit";
import { defineCommand, executeCommand, requireSignedIn } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { stateMachineArn, stateMachineRoleArn, targetFor } from "@/lib/environments/target";
import { plainWords, upsertStateMachine } from "@/lib/environments/state-machines";
import { idField } from "@/lib/validation/fields";

export const ReleaseInput = z.object({ pipelineVersionId: idField("Pipeline version"), environmentId: idField("Environment") });

/** Step one of a release: the intent, recorded before any AWS call so a crash leaves a DEPLOYING row to retry. */
export const requestRelease = defineCommand({
  name: "pipelines.release",
  permission: "pipelines:write",
  input: ReleaseInput,
  run: async ({ tx, input, actor }) => {
    const version = await tx.pipelineVersion.findUnique({ where: { id: input.pipelineVersionId }, select: { id: true, version: true, pipeline: { select: { name: true } } } });
    if (!version) throw new AppError("NOT_FOUND", "That pipeline version does not exist.");
    const environment = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { id: true, name: true } });
    if (!environment) throw new AppError("NOT_FOUND", "That environment does not exist.");
    const release = await tx.pipelineRelease.create({ data: { pipelineVersionId: version.id, environmentId: environment.id, deployedById: actor.id }, select: { id: true } });
    return {
      result: release,
      audit: { targetType: "pipeline_release", targetId: release.id, summary: `Deploying ${version.pipeline.name} v${version.version} to ${environment.name}` },
    };
  },
});

/**
 * Deploys a pipeline version as a state machine: intent first, then the SDK call, then the outcome
 * (LIVE with ARN and revision, or FAILED with AWS's error in plain words), each audited.
 */
export async function releasePipelineVersion(db: PrismaClient, actor: Actor | null, rawInput: unknown) {
  requireSignedIn(actor);
  const { id } = await executeCommand(db, requestRelease, actor, rawInput);
  const release = await db.pipelineRelease.findUniqueOrThrow({
    where: { id },
    select: { id: true, environment: true, pipelineVersion: { select: { definition: true, version: true, pipeline: { select: { name: true } } } } },
  });
  const name = release.pipelineVersion.pipeline.name;
  const arn = stateMachineArn(release.environment, name);
  const { sfn } = awsClients(targetFor(release.environment));
  const definition = JSON.stringify(release.pipelineVersion.definition);
  const outcome = await upsertStateMachine(sfn, { arn, name, definition, roleArn: stateMachineRoleArn(release.environment), tags: { "ferry:pipeline": name } }).then(
    (ok) => ({ status: "LIVE" as const, stateMachineArn: ok.arn, revisionId: ok.revisionId, error: null }),
    (error: unknown) => ({ status: "FAILED" as const, stateMachineArn: null, revisionId: null, error: plainWords(error, "Unknown error from Step Functions") }),
  );
  return db.$transaction(async (tx) => {
    const updated = await tx.pipelineRelease.update({ where: { id }, data: outcome, select: { id: true, status: true, stateMachineArn: true, revisionId: true, error: true } });
    const summary = outcome.status === "LIVE" ? `${name} v${release.pipelineVersion.version} is live in ${release.environment.name}` : `Deploying ${name} failed: ${outcome.error}`;
    await writeAudit(tx, actor, "pipelines.release_finished", { targetType: "pipeline_release", targetId: id, summary });
    return updated;
  });
}

import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { clientsFor } from "@/lib/aws/clients";
import { defineCommand, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { stateMachineArn, stateMachineRoleArn } from "@/lib/environments/target";
import { plainWords, publishStateMachine } from "@/lib/environments/state-machines";
import { idField } from "@/lib/validation/fields";
import { pipelineNameField, releaseStateMachineName } from "@/lib/pipelines/names";

export const ReleaseInput = z.object({ pipelineVersionId: idField("Pipeline version"), environmentId: idField("Environment") });

/** Step one of a release: the intent, recorded before any AWS call so a crash leaves a DEPLOYING row to retry. */
export const requestRelease = defineCommand({
  name: "pipelines.release",
  permission: "pipelines:write",
  input: ReleaseInput,
  run: async ({ tx, input, actor }) => {
    const version = await tx.pipelineVersion.findUnique({ where: { id: input.pipelineVersionId }, select: { id: true, version: true, pipeline: { select: { name: true } } } });
    if (!version) throw new AppError("NOT_FOUND", "That pipeline version does not exist.");
    // Pipelines named before the name spaces existed may be too long for, or sit in, Ferry's own name spaces.
    const name = pipelineNameField.safeParse(version.pipeline.name);
    if (!name.success) {
      throw new AppError("INVALID_INPUT", `${version.pipeline.name} cannot be released: ${name.error.issues[0]?.message ?? "invalid name"}. Import it under a new name.`);
    }
    const environment = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { id: true, name: true } });
    if (!environment) throw new AppError("NOT_FOUND", "That environment does not exist.");
    const release = await tx.pipelineRelease.create({ data: { pipelineVersionId: version.id, environmentId: environment.id, deployedById: actor.id }, select: { id: true } });
    return {
      result: release,
      audit: { targetType: "pipeline_release", targetId: release.id, summary: `Deploying ${version.pipeline.name} v${version.version} to ${environment.name}` },
    };
  },
});

/** What Step Functions answered for a release: the version it published, or why it did not (plainWords). */
const ReleaseOutcome = z.discriminatedUnion("status", [
  z.object({ status: z.literal("LIVE"), stateMachineArn: z.string().min(1).max(2048), stateMachineVersionArn: z.string().min(1).max(2048), revisionId: z.string().max(256).nullable() }),
  z.object({ status: z.literal("FAILED"), error: z.string().min(1).max(1000) }),
]);

/**
 * Step three of a release: the outcome, recorded once. Only a release still DEPLOYING takes one, so a replay
 * changes nothing. Not offered as an action: releasePipelineVersion runs it with what AWS answered.
 */
export const finishRelease = defineCommand({
  name: "pipelines.release_finished",
  permission: "pipelines:write",
  input: z.object({ releaseId: idField("Release"), outcome: ReleaseOutcome }),
  run: async ({ tx, input: { releaseId, outcome } }) => {
    const release = await tx.pipelineRelease.findUnique({
      where: { id: releaseId },
      select: { environment: { select: { name: true } }, pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } } },
    });
    if (!release) throw new AppError("NOT_FOUND", "That release does not exist.");
    const fields = outcome.status === "LIVE" ? { ...outcome, error: null } : { ...outcome, stateMachineArn: null, stateMachineVersionArn: null, revisionId: null };
    const { count } = await tx.pipelineRelease.updateMany({ where: { id: releaseId, status: "DEPLOYING" }, data: fields });
    if (count === 0) throw new AppError("CONFLICT", "That release has already finished.");
    const { pipeline, version } = release.pipelineVersion;
    const summary = outcome.status === "LIVE" ? `${pipeline.name} v${version} is live in ${release.environment.name}` : `Deploying ${pipeline.name} failed: ${outcome.error}`;
    const result = await tx.pipelineRelease.findUniqueOrThrow({
      where: { id: releaseId },
      select: { id: true, status: true, stateMachineArn: true, stateMachineVersionArn: true, revisionId: true, error: true },
    });
    return { result, audit: { targetType: "pipeline_release", targetId: releaseId, summary } };
  },
});

/**
 * Deploys a pipeline version as the state machine `ferry-pl-<pipeline>` (refused if that machine's ownership tags
 * name another owner), published as a version: intent first, then the SDK calls, then the outcome (LIVE with
 * ARN, version and revision, or FAILED with the error in plain words), each a command with its audit event.
 */
export async function releasePipelineVersion(db: PrismaClient, actor: Actor | null, input: z.input<typeof ReleaseInput>) {
  const { id } = await executeCommand(db, requestRelease, actor, input);
  const release = await db.pipelineRelease.findUniqueOrThrow({
    where: { id },
    select: { id: true, environment: true, pipelineVersion: { select: { definition: true, version: true, pipeline: { select: { id: true, name: true } } } } },
  });
  const { pipeline, version } = release.pipelineVersion;
  const name = releaseStateMachineName(pipeline.name);
  const { sfn } = clientsFor(release.environment, actor);
  const outcome = await publishStateMachine(sfn, {
    arn: stateMachineArn(release.environment, name),
    name,
    definition: JSON.stringify(release.pipelineVersion.definition),
    roleArn: stateMachineRoleArn(release.environment),
    ownership: { kind: "release", owner: pipeline.id },
    tags: { "ferry:pipeline": pipeline.name, "ferry:version": String(version) },
    versionDescription: `Ferry release ${id}: ${pipeline.name} v${version}`,
  })
    .then(
      (ok) => ({ status: "LIVE" as const, stateMachineArn: ok.arn, stateMachineVersionArn: ok.versionArn, revisionId: ok.revisionId }),
      (error: unknown) => ({ status: "FAILED" as const, error: plainWords(error, "Unknown error from Step Functions") }),
    );
  return executeCommand(db, finishRelease, actor, { releaseId: id, outcome });
}

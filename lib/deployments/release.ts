import { z } from "zod";
import type { Environment, PrismaClient } from "@/generated/prisma/client";
import { findRequester } from "@/lib/auth/actor";
import type { Actor } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/aws/targets";
import { clientsFor } from "@/lib/aws/clients";
import { defineCommand, executeCommand, executeFollowUp, requireSignedIn } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { stateMachineArn, stateMachineRoleArn } from "@/lib/environments/target";
import { plainWords, publishStateMachine } from "@/lib/environments/state-machines";
import type { JobAttempt, JobPayload } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/enqueue";
import { idField } from "@/lib/validation/fields";
import { pipelineNameField, releaseStateMachineName } from "@/lib/pipelines/names";

export const ReleaseInput = z.object({ pipelineVersionId: idField("Pipeline version"), environmentId: idField("Environment") });

/**
 * Step one of a release: the intent (DEPLOYING) and the job that publishes it, in one transaction before any AWS
 * call, so a crash anywhere leaves a row that says what was being done and a job that finishes it.
 */
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
    await enqueue(tx, "pipelines.release", { releaseId: release.id, actorId: actor.id });
    return {
      result: release,
      audit: { targetType: "pipeline_release", targetId: release.id, summary: `Deploying ${version.pipeline.name} v${version.version} to ${environment.name}` },
    };
  },
});

/** What the Deploy button calls: the intent and its job; the version's deployments show DEPLOYING until a worker is done. */
export async function queueRelease(db: PrismaClient, actor: Actor | null, rawInput: unknown) {
  const { id } = await executeCommand(db, requestRelease, actor, rawInput);
  return { id, status: "DEPLOYING" as const };
}

/** What Step Functions answered for a release: the version it published, or why it did not (plainWords). */
const ReleaseOutcome = z.discriminatedUnion("status", [
  z.object({ status: z.literal("LIVE"), stateMachineArn: z.string().min(1).max(2048), stateMachineVersionArn: z.string().min(1).max(2048), revisionId: z.string().max(256).nullable() }),
  z.object({ status: z.literal("FAILED"), error: z.string().min(1).max(1000) }),
]);
type ReleaseOutcome = z.infer<typeof ReleaseOutcome>;

/**
 * Step three of a release: the outcome, recorded once. Only a release still DEPLOYING takes one, so a replay
 * changes nothing. Not offered as an action: the release job (performRelease) runs it with what AWS answered.
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

type ReleaseTarget = { id: string; environment: Environment; pipelineVersion: { definition: unknown; version: number; pipeline: { id: string; name: string } } };

/** The AWS half: the state machine `ferry-pl-<pipeline>` created or updated (refused if its ownership tags name another owner) and published as a version. */
async function publishRelease(release: ReleaseTarget, principal: Principal): Promise<ReleaseOutcome> {
  const { pipeline, version } = release.pipelineVersion;
  const name = releaseStateMachineName(pipeline.name);
  const { sfn } = clientsFor(release.environment, principal);
  return publishStateMachine(sfn, {
    arn: stateMachineArn(release.environment, name),
    name,
    definition: JSON.stringify(release.pipelineVersion.definition),
    roleArn: stateMachineRoleArn(release.environment),
    ownership: { kind: "release", owner: pipeline.id },
    tags: { "ferry:pipeline": pipeline.name, "ferry:version": String(version) },
    versionDescription: `Ferry release ${release.id}: ${pipeline.name} v${version}`,
  }).then(
    (ok): ReleaseOutcome => ({ status: "LIVE", stateMachineArn: ok.arn, stateMachineVersionArn: ok.versionArn, revisionId: ok.revisionId }),
    (error: unknown): ReleaseOutcome => ({ status: "FAILED", error: plainWords(error, "Unknown error from Step Functions") }),
  );
}

/** The outcome in the name of whoever asked; another delivery of the job that recorded it first leaves it be. */
async function recordOutcome(db: PrismaClient, releaseId: string, requester: Actor, outcome: ReleaseOutcome): Promise<void> {
  try {
    await executeFollowUp(db, finishRelease, requester, { releaseId, outcome });
  } catch (error) {
    if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
  }
}

/**
 * The job: publish a release still DEPLOYING and record LIVE (ARN, version, revision) or FAILED (AWS's words).
 * Idempotent: publishing an unchanged definition again yields the same version, and the outcome is written only
 * over DEPLOYING. When the last retry fails for another reason, the release is FAILED rather than left deploying.
 */
export async function performRelease(db: PrismaClient, { releaseId, actorId }: JobPayload<"pipelines.release">, attempt?: JobAttempt): Promise<void> {
  const release = await db.pipelineRelease.findFirst({
    where: { id: releaseId, status: "DEPLOYING" },
    select: { id: true, environment: true, pipelineVersion: { select: { definition: true, version: true, pipeline: { select: { id: true, name: true } } } } },
  });
  if (!release) return;
  const requester = await findRequester(db, actorId);
  try {
    await recordOutcome(db, releaseId, requester, await publishRelease(release, requester));
  } catch (error) {
    if (attempt?.lastAttempt) {
      await recordOutcome(db, releaseId, requester, { status: "FAILED", error: "Ferry could not record the outcome; deploy the version again." }).catch(() => undefined);
    }
    throw error;
  }
}

/**
 * Release and wait for the outcome in this process (the demo seed at start-up, tests): the same intent and job
 * as queueRelease, carried out here at once; the queued job then finds nothing left to do.
 */
export async function releasePipelineVersion(db: PrismaClient, actor: Actor | null, rawInput: unknown) {
  requireSignedIn(actor);
  const { id } = await executeCommand(db, requestRelease, actor, rawInput);
  await performRelease(db, { releaseId: id, actorId: actor.id });
  return db.pipelineRelease.findUniqueOrThrow({ where: { id }, select: { id: true, status: true, stateMachineArn: true, stateMachineVersionArn: true, revisionId: true, error: true } });
}

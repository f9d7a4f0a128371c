import { BatchGetBuildsCommand, type Build, StartBuildCommand, StopBuildCommand } from "@aws-sdk/client-codebuild";
import { DescribeImagesCommand } from "@aws-sdk/client-ecr";
import type { PrismaClient } from "@/generated/prisma/client";
import { clientsFor, type AwsClients } from "@/lib/aws/clients";
import { findRequester } from "@/lib/auth/actor";
import type { Actor } from "@/lib/auth/permissions";
import { executeFollowUp } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { asJson } from "@/lib/db/json";
import { IMAGE_BUILD_PROJECT, sourceLocationOf } from "@/lib/pipelines/build-project";
import { plainWords } from "@/lib/environments/state-machines";
import type { JobPayload } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/enqueue";
import type { BuildPhase } from "./fields";
import { ensureBuildProject } from "./project";
import { recordBuild, recordBuildFailure } from "./record";

/** How often the job looks at a running build; CodeBuild's own builds take minutes, the engine's seconds. */
const LOOK_EVERY_SECONDS = 2;
/** Past this a build that still runs is given up on (the project's own timeout is 30 minutes). */
const GIVE_UP_MS = 2 * 60 * 60_000;

const BUILD_SELECT = {
  id: true,
  status: true,
  imageUri: true,
  repository: true,
  tag: true,
  contextUri: true,
  codebuildId: true,
  startedAt: true,
  createdAt: true,
  requestedById: true,
  stopRequestedAt: true,
  stopRequestedBy: { select: { email: true } },
  environment: { select: { id: true, kind: true, region: true, accountId: true, bucket: true, endpointOverride: true, accessRoleArn: true, externalId: true } },
} as const;
type Followed = NonNullable<Awaited<ReturnType<typeof load>>>;

const load = (db: PrismaClient, id: string) => db.imageBuild.findUnique({ where: { id }, select: BUILD_SELECT });

/** Phases as the page shows them: each with its status, duration and (on failure) CodeBuild's context message. */
function phasesOf(build: Build): BuildPhase[] {
  return (build.phases ?? []).map((p) => ({
    phaseType: p.phaseType ?? "UNKNOWN",
    phaseStatus: p.phaseStatus ?? null,
    durationInSeconds: p.durationInSeconds ?? null,
    message: p.contexts?.map((c) => [c.statusCode, c.message].filter(Boolean).join(": ")).find(Boolean) ?? null,
  }));
}

/**
 * StartBuild with the build's id as idempotency token: a job retried after a crash between the call and the
 * write below gets the same build back, not a second one.
 */
async function start(db: PrismaClient, build: Followed, clients: AwsClients): Promise<string> {
  await ensureBuildProject(clients.codebuild, build.environment);
  const started = await clients.codebuild.send(
    new StartBuildCommand({
      projectName: IMAGE_BUILD_PROJECT,
      sourceTypeOverride: "S3",
      sourceLocationOverride: sourceLocationOf(build.contextUri),
      environmentVariablesOverride: [
        { name: "IMAGE_REPO_NAME", value: build.repository, type: "PLAINTEXT" },
        { name: "IMAGE_TAG", value: build.tag, type: "PLAINTEXT" },
      ],
      idempotencyToken: build.id,
    }),
  );
  const id = started.build?.id;
  if (!id) throw new Error("CodeBuild started no build");
  await db.imageBuild.updateMany({
    where: { id: build.id, status: "QUEUED" },
    data: { status: "IN_PROGRESS", codebuildId: id, startedAt: new Date(), logGroup: started.build?.logs?.groupName ?? null, logStream: started.build?.logs?.streamName ?? null },
  });
  return id;
}

async function describeBuild(clients: AwsClients, codebuildId: string): Promise<Build> {
  const remote = (await clients.codebuild.send(new BatchGetBuildsCommand({ ids: [codebuildId] }))).builds?.[0];
  if (!remote) throw new Error(`CodeBuild no longer knows the build ${codebuildId}`);
  return remote;
}

/**
 * StopBuild, then the build as it is now. A build that completed in between keeps its outcome (AWS refuses to
 * stop it); one still running after a refused StopBuild is asked again at the next look.
 */
async function stopBuild(clients: AwsClients, codebuildId: string): Promise<Build> {
  await clients.codebuild.send(new StopBuildCommand({ id: codebuildId })).catch(() => undefined);
  return describeBuild(clients, codebuildId);
}

/** The digest the build pushed (its exported IMAGE_DIGEST), confirmed in the environment's ECR. */
async function pushedDigest(build: Followed, remote: Build, clients: AwsClients): Promise<string> {
  const digest = remote.exportedEnvironmentVariables?.find((v) => v.name === "IMAGE_DIGEST")?.value ?? "";
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error("the build succeeded but exported no IMAGE_DIGEST; is the project's buildspec Ferry's?");
  const account = build.imageUri.split(".")[0];
  const { imageDetails } = await clients.ecr.send(new DescribeImagesCommand({ registryId: account, repositoryName: build.repository, imageIds: [{ imageDigest: digest }] }));
  if (imageDetails?.[0]?.imageDigest !== digest) throw new Error(`ECR has no image ${build.repository}@${digest}`);
  return digest;
}

/** Ends a build that did not produce an image, with its failing phase and reason, once; in the name of its requester. */
async function fail(db: PrismaClient, build: Followed, requester: Actor, outcome: { status: "FAILED" | "STOPPED"; phase: string | null; reason: string }) {
  try {
    await executeFollowUp(db, recordBuildFailure, requester, { buildId: build.id, ...outcome });
  } catch (error) {
    // Another delivery of this job ended the build first.
    if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
  }
}

/** The outcome of a complete build: its image registered by digest, or the failing phase recorded. */
async function conclude(db: PrismaClient, build: Followed, requester: Actor, remote: Build, clients: AwsClients): Promise<void> {
  if (remote.buildStatus === "SUCCEEDED") {
    const digest = await pushedDigest(build, remote, clients);
    await executeFollowUp(db, recordBuild, requester, { buildId: build.id, digest });
    return;
  }
  const failed = phasesOf(remote).find((p) => p.phaseStatus !== null && p.phaseStatus !== "SUCCEEDED");
  if (remote.buildStatus === "STOPPED") {
    await fail(db, build, requester, { status: "STOPPED", phase: failed?.phaseType ?? null, reason: build.stopRequestedAt ? `Stopped by ${stopperOf(build)}` : "Stopped in CodeBuild, not through Ferry" });
    return;
  }
  await fail(db, build, requester, { status: "FAILED", phase: failed?.phaseType ?? null, reason: failed?.message ?? `CodeBuild ended the build ${remote.buildStatus ?? "without a status"}` });
}

const stopperOf = (build: Followed) => build.stopRequestedBy?.email ?? "a user since deleted";

/**
 * One step of a build: start it in the environment's CodeBuild if it has not been (or, asked to stop before that,
 * never), stop it there if asked, look at it, keep its phases, and once it is complete register its image (or
 * record why it failed or that it was stopped). "waiting" means: look again later.
 * Every AWS call is idempotent, so a step repeated after a crash changes nothing twice.
 */
export async function buildStep(db: PrismaClient, buildId: string): Promise<"waiting" | "done"> {
  const build = await load(db, buildId);
  if (!build || (build.status !== "QUEUED" && build.status !== "IN_PROGRESS")) return "done";
  const requester = await findRequester(db, build.requestedById);
  // The role session names who asked for the build (CloudTrail), as their own request would.
  const clients = clientsFor(build.environment, requester);
  try {
    if (build.stopRequestedAt && !build.codebuildId) {
      await fail(db, build, requester, { status: "STOPPED", phase: null, reason: `Stopped by ${stopperOf(build)} before CodeBuild started it` });
      return "done";
    }
    const codebuildId = build.codebuildId ?? (await start(db, build, clients));
    let remote = await describeBuild(clients, codebuildId);
    if (build.stopRequestedAt && remote.buildStatus === "IN_PROGRESS") remote = await stopBuild(clients, codebuildId);
    await db.imageBuild.updateMany({ where: { id: build.id, status: "IN_PROGRESS" }, data: { phases: asJson(phasesOf(remote)), currentPhase: remote.currentPhase ?? null } });
    if (remote.buildStatus === "IN_PROGRESS") {
      if (Date.now() - (build.startedAt ?? build.createdAt).getTime() < GIVE_UP_MS) return "waiting";
      throw new Error(`the build ${codebuildId} still runs after ${GIVE_UP_MS / 3_600_000} hours; Ferry stopped following it`);
    }
    await conclude(db, build, requester, remote, clients);
  } catch (error) {
    await fail(db, build, requester, { status: "FAILED", phase: null, reason: error instanceof AppError ? error.userMessage : plainWords(error) });
  }
  return "done";
}

/** The job: one step, then (while the build runs) the next look, queued a little later. */
export async function imageBuildJob(db: PrismaClient, payload: JobPayload<"images.build">): Promise<void> {
  if ((await buildStep(db, payload.buildId)) === "done") return;
  await db.$transaction((tx) => enqueue(tx, "images.build", payload, { startAfterSeconds: LOOK_EVERY_SECONDS }));
}

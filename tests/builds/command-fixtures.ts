// The all-commands suite's fixtures for image builds (tests/commands/all-commands.integration.test.ts): an admin
// asks for a build of a new image in the embedded environment (the build row and its job are written), and the
// job's two outcomes, run on builds CodeBuild is said to be running: the image recorded by digest, or the failure;
// and a stop asked for while one runs.
import { expect } from "vitest";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/permissions";
import type { Command } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { recordBuild, recordBuildFailure } from "@/lib/catalog/images/build/record";
import { requestBuild } from "@/lib/catalog/images/build/request";
import { stopImageBuild } from "@/lib/catalog/images/build/stop";
import { EMBEDDED_BUCKET } from "@/lib/environments/embedded";

type Input = Record<string, unknown>;
/** Three builds in progress: one to record, one to fail, one to stop. */
export type BuildFixtures = { toRecordId: string; toFailId: string; toStopId: string };
type World = { admin: Actor; environmentId: string; builds: BuildFixtures };
type Bound = { command: object; execute: (actor: Actor | null, input: unknown) => Promise<unknown> };
type Bind = <Schema extends z.ZodType, Output>(command: Command<Schema, Output>) => Bound;

const HEX = "cd".repeat(32);
const BUILT_DIGEST = `sha256:${"ef".repeat(32)}`;

/** Builds as the job leaves them once CodeBuild took them: in progress, with CodeBuild's id (rows written as-is). */
export async function makeBuildFixtures(requester: Actor, environmentId: string): Promise<BuildFixtures> {
  const inProgress = (repository: string) =>
    prisma.imageBuild.create({
      data: {
        environmentId,
        imageUri: `000000000000.dkr.ecr.us-east-1.amazonaws.com/${repository}:1`,
        repository,
        tag: "1",
        contextUri: `s3://${EMBEDDED_BUCKET}/ferry/build-contexts/${HEX}/`,
        contextDigest: `sha256:${HEX}`,
        contextFiles: ["Dockerfile"],
        status: "IN_PROGRESS",
        codebuildId: `ferry-image-build:${repository}`,
        requestedById: requester.id,
      },
      select: { id: true },
    });
  const [toRecord, toFail, toStop] = await Promise.all([inProgress("fixture-recorded"), inProgress("fixture-failed"), inProgress("fixture-stopped")]);
  return { toRecordId: toRecord.id, toFailId: toFail.id, toStopId: toStop.id };
}

export function buildCommandFixtures(bind: Bind) {
  const valid = (world: World): Input => ({
    environmentId: world.environmentId,
    repository: "fixture-built",
    tag: "1",
    contextUri: `s3://${EMBEDDED_BUCKET}/ferry/build-contexts/${HEX}/`,
    contextDigest: `sha256:${HEX}`,
    contextFiles: ["Dockerfile"],
  });
  return {
    "images.request_build": {
      bound: bind(requestBuild),
      valid,
      invalid: (world: World) => [
        { label: "a context outside Ferry's build contexts", input: { ...valid(world), contextUri: `s3://${EMBEDDED_BUCKET}/ferry/code/x/1/` }, field: "contextUri" },
        { label: "a context that climbs out", input: { ...valid(world), contextUri: `s3://${EMBEDDED_BUCKET}/ferry/build-contexts/../../etc/` }, field: "contextUri" },
        { label: "a repository with a path", input: { ...valid(world), repository: "../etc" }, field: "repository" },
        { label: "a tag with a space", input: { ...valid(world), tag: "1 0" }, field: "tag" },
        { label: "a short digest", input: { ...valid(world), contextDigest: "sha256:ab" }, field: "contextDigest" },
      ],
      targetType: "image_build",
      targetId: (_world: World, output: unknown) => String((output as { id?: unknown }).id),
      verify: async () => {
        const build = await prisma.imageBuild.findFirstOrThrow({ where: { repository: "fixture-built" } });
        expect(build).toMatchObject({ status: "QUEUED", imageUri: "000000000000.dkr.ecr.us-east-1.amazonaws.com/fixture-built:1", codebuildId: null });
        const jobs = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'images-build' AND data->>'buildId' = ${build.id}`;
        expect(jobs).toEqual([{ n: 1n }]);
      },
    },
    "images.record_build": {
      bound: bind(recordBuild),
      valid: (world: World): Input => ({ buildId: world.builds.toRecordId, digest: BUILT_DIGEST }),
      invalid: (world: World) => [
        { label: "a digest that is not sha256", input: { buildId: world.builds.toRecordId, digest: "md5:abc" }, field: "digest" },
        { label: "a build id with markup", input: { buildId: "<b>", digest: BUILT_DIGEST }, field: "buildId" },
      ],
      targetType: "image",
      targetId: (_world: World, output: unknown) => String((output as { id?: unknown }).id),
      verify: async (world: World) => {
        const build = await prisma.imageBuild.findUniqueOrThrow({ where: { id: world.builds.toRecordId } });
        expect(build).toMatchObject({ status: "SUCCEEDED", digest: BUILT_DIGEST, imageVersion: 1 });
        expect(await prisma.image.findUniqueOrThrow({ where: { uri: build.imageUri } })).toMatchObject({ id: build.imageId, digest: BUILT_DIGEST, kind: "CUSTOM" });
      },
    },
    "images.stop_build": {
      bound: bind(stopImageBuild),
      valid: (world: World): Input => ({ buildId: world.builds.toStopId }),
      invalid: () => [{ label: "a build id with markup", input: { buildId: "<b>" }, field: "buildId" }],
      targetType: "image_build",
      targetId: (world: World) => world.builds.toStopId,
      verify: async (world: World) => {
        // Only the intent: the build's job stops it in CodeBuild and records the outcome.
        const build = await prisma.imageBuild.findUniqueOrThrow({ where: { id: world.builds.toStopId } });
        expect(build).toMatchObject({ status: "IN_PROGRESS", stopRequestedById: world.admin.id });
        expect(build.stopRequestedAt).toBeInstanceOf(Date);
      },
    },
    "images.build_failed": {
      bound: bind(recordBuildFailure),
      valid: (world: World): Input => ({ buildId: world.builds.toFailId, status: "FAILED", phase: "BUILD", reason: "Dockerfile:3 COPY of a file the context does not have" }),
      invalid: (world: World) => [
        { label: "a failure that succeeded", input: { buildId: world.builds.toFailId, status: "SUCCEEDED", phase: null, reason: "x" }, field: "status" },
        { label: "a blank reason", input: { buildId: world.builds.toFailId, status: "FAILED", phase: null, reason: "   " }, field: "reason" },
      ],
      targetType: "image_build",
      targetId: (world: World) => world.builds.toFailId,
      verify: async (world: World) => {
        expect(await prisma.imageBuild.findUniqueOrThrow({ where: { id: world.builds.toFailId } })).toMatchObject({ status: "FAILED", failedPhase: "BUILD", digest: null });
      },
    },
  };
}

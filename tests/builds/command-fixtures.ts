// The all-commands suite's fixture for images.request_build (tests/commands/all-commands.integration.test.ts): an
// admin asks for a build of a new image in the embedded environment; the build row and its job are written.
import { expect } from "vitest";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/permissions";
import type { Command } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { requestBuild } from "@/lib/catalog/images/build/request";
import { EMBEDDED_BUCKET } from "@/lib/environments/embedded";

type Input = Record<string, unknown>;
type World = { admin: Actor; environmentId: string };
type Bound = { command: object; execute: (actor: Actor | null, input: unknown) => Promise<unknown> };
type Bind = <Schema extends z.ZodType, Output>(command: Command<Schema, Output>) => Bound;

const HEX = "cd".repeat(32);

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
  };
}

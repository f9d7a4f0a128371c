import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { defineQuery } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import { jsonDiff } from "@/lib/diff/lines";
import { idField } from "@/lib/validation/fields";
import { PipelineDraft } from "./draft";

export function listPipelines(db: PrismaClient) {
  return db.pipeline.findMany({
    orderBy: { updatedAt: "desc" },
    select: {
      id: true,
      name: true,
      description: true,
      updatedAt: true,
      owner: { select: { name: true } },
      versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, publishedAt: true } },
      _count: { select: { versions: true } },
    },
  });
}

export type PipelineRow = Awaited<ReturnType<typeof listPipelines>>[number];

export async function findPipeline(db: PrismaClient, id: string) {
  const pipeline = await db.pipeline.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      description: true,
      draftSpec: true,
      updatedAt: true,
      owner: { select: { name: true } },
      versions: {
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          contentHash: true,
          publishedAt: true,
          publishedBy: { select: { name: true } },
          releases: { orderBy: { createdAt: "desc" }, take: 5, select: { id: true, status: true, stateMachineArn: true, revisionId: true, error: true, createdAt: true, environment: { select: { name: true } } } },
        },
      },
    },
  });
  if (!pipeline) return null;
  // A draft stored by an older Ferry may no longer parse; the editor then starts from it as raw JSON.
  const draft = PipelineDraft.safeParse(pipeline.draftSpec);
  return { ...pipeline, draft: draft.success ? draft.data : null };
}

export type PipelineDetail = NonNullable<Awaited<ReturnType<typeof findPipeline>>>;
export type PipelineVersionSummary = PipelineDetail["versions"][number];

export function findPipelineVersion(db: PrismaClient, id: string) {
  return db.pipelineVersion.findUnique({
    where: { id },
    select: { id: true, version: true, contentHash: true, spec: true, definition: true, inputSchema: true, iamPolicies: true, publishedAt: true, pipeline: { select: { id: true, name: true } } },
  });
}

export type PipelineVersion = NonNullable<Awaited<ReturnType<typeof findPipelineVersion>>>;

/** A published version for its downloads: anyone who can read the catalog may have what it generates. */
export const pipelineVersionQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Pipeline version") }),
  run: async ({ db, input }) => {
    const version = await findPipelineVersion(db, input.id);
    if (!version) throw new AppError("NOT_FOUND", "That pipeline version does not exist.");
    return version;
  },
});

/** Two versions of one pipeline, side by side: what changed in the spec and in the generated definition. */
export async function compareVersions(db: PrismaClient, pipelineId: string, fromVersion: number, toVersion: number) {
  const versions = await db.pipelineVersion.findMany({
    where: { pipelineId, version: { in: [fromVersion, toVersion] } },
    select: { version: true, spec: true, definition: true },
  });
  const from = versions.find((v) => v.version === fromVersion);
  const to = versions.find((v) => v.version === toVersion);
  if (!from || !to) return null;
  return { spec: jsonDiff(from.spec, to.spec), definition: jsonDiff(from.definition, to.definition) };
}

/** The environments a version can be released to. */
export function listEnvironments(db: PrismaClient) {
  return db.environment.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, kind: true, region: true } });
}

export type EnvironmentOption = Awaited<ReturnType<typeof listEnvironments>>[number];

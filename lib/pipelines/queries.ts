import { diffLines } from "diff";
import { prisma } from "@/lib/db/prisma";
import { PipelineDraft } from "./draft";

export function listPipelines() {
  return prisma.pipeline.findMany({
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

export async function findPipeline(id: string) {
  const pipeline = await prisma.pipeline.findUnique({
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

export function findPipelineVersion(id: string) {
  return prisma.pipelineVersion.findUnique({
    where: { id },
    select: { id: true, version: true, contentHash: true, spec: true, definition: true, inputSchema: true, iamPolicies: true, publishedAt: true, pipeline: { select: { id: true, name: true } } },
  });
}

export type DiffLine = { kind: "added" | "removed" | "same"; text: string };

function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function lines(before: unknown, after: unknown): DiffLine[] {
  return diffLines(pretty(before), pretty(after)).flatMap((part) =>
    part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((text) => ({ kind: part.added ? ("added" as const) : part.removed ? ("removed" as const) : ("same" as const), text })),
  );
}

/** Two versions of one pipeline, side by side: what changed in the spec and in the generated definition. */
export async function compareVersions(pipelineId: string, fromVersion: number, toVersion: number) {
  const versions = await prisma.pipelineVersion.findMany({
    where: { pipelineId, version: { in: [fromVersion, toVersion] } },
    select: { version: true, spec: true, definition: true },
  });
  const from = versions.find((v) => v.version === fromVersion);
  const to = versions.find((v) => v.version === toVersion);
  if (!from || !to) return null;
  return { spec: lines(from.spec, to.spec), definition: lines(from.definition, to.definition) };
}

export function listEnvironments() {
  return prisma.environment.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, kind: true, region: true } });
}

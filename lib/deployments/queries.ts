import "server-only";
import { z } from "zod";
import type { DeploymentStatus, Prisma, PrismaClient } from "@/generated/prisma/client";
import { defineQuery } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import { ModelBinding } from "@/lib/pipelines/input";
import { idField } from "@/lib/validation/fields";
import { currentApproval, ParityOverride, parityConcern, ParityRecord } from "./approval";
import { prefillBinding } from "./binding";
import { loadContext } from "./context";
import { previewRequest } from "./preview";

const ROW_SELECT = {
  id: true,
  status: true,
  requestedAt: true,
  decidedAt: true,
  artifactFingerprint: true,
  model: { select: { id: true, slug: true, displayName: true } },
  pipelineVersion: { select: { id: true, version: true, pipeline: { select: { name: true } } } },
  environment: { select: { id: true, name: true, kind: true, requireParity: true } },
  requestedBy: { select: { id: true, name: true, email: true } },
  decidedBy: { select: { name: true, email: true } },
} as const satisfies Prisma.DeploymentSelect;

export type DeploymentRow = Prisma.DeploymentGetPayload<{ select: typeof ROW_SELECT }>;

/** The deployments list, newest first; `status` narrows it (the approval queue is PENDING_APPROVAL). */
export function listDeployments(db: PrismaClient, filter: { status?: DeploymentStatus; take?: number } = {}) {
  return db.deployment.findMany({
    where: filter.status ? { status: filter.status } : {},
    orderBy: [{ requestedAt: filter.status === "PENDING_APPROVAL" ? "asc" : "desc" }, { id: "asc" }],
    take: filter.take ?? 200,
    select: ROW_SELECT,
  });
}

/** How many requests wait for an admin's decision. */
export function countPendingApprovals(db: PrismaClient) {
  return db.deployment.count({ where: { status: "PENDING_APPROVAL" } });
}

/** One request with everything its page shows, and whether its approval still holds for the catalog as it is. */
export async function findDeployment(db: PrismaClient, id: string) {
  const d = await db.deployment.findUnique({
    where: { id },
    select: { ...ROW_SELECT, modelId: true, pipelineVersionId: true, environmentId: true, parameters: true, artifacts: true, parity: true, parityOverride: true, decisionComment: true, stateMachineArn: true, stateMachineVersionArn: true, stateMachineRevision: true, deployError: true, supersededAt: true, updatedAt: true },
  });
  if (!d) return null;
  const parameters = ModelBinding.parse(d.parameters);
  const ctx = await loadContext(db, d);
  const [preview, approval] = await Promise.all([previewRequest(db, ctx, parameters, d.id), currentApproval(db, d.id)]);
  const parity = ParityRecord.safeParse(d.parity);
  return {
    ...d,
    /** What the approval binds (null when it was made before Ferry bound every artifact). */
    storedArtifacts: approval.approved,
    preview,
    approval: { holds: approval.holds, changes: approval.changes, changedKeys: approval.changedKeys },
    parity: parity.success ? parity.data : null,
    /** What stands against approving, shown at the decision (null when the evidence passed or there is none). */
    parityConcern: parityConcern(d.parity),
    parityOverride: ParityOverride.safeParse(d.parityOverride).data ?? null,
  };
}
export type DeploymentDetail = NonNullable<Awaited<ReturnType<typeof findDeployment>>>;

/** What the request form offers: models, published versions of step-built pipelines, environments. */
export async function requestFormOptions(db: PrismaClient) {
  const [models, versions, environments] = await Promise.all([
    db.model.findMany({ orderBy: { slug: "asc" }, take: 1000, select: { id: true, slug: true, displayName: true } }),
    db.pipelineVersion.findMany({ orderBy: [{ pipeline: { name: "asc" } }, { version: "desc" }], take: 1000, select: { id: true, version: true, pipeline: { select: { name: true } } } }),
    db.environment.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, kind: true, requireParity: true } }),
  ]);
  return { models, versions, environments };
}

const PreviewInput = z.object({
  modelId: idField("Model"),
  pipelineVersionId: idField("Pipeline version"),
  environmentId: idField("Environment"),
  parameters: ModelBinding.optional(),
});

/** The request form's live preview: prefilled parameters and what a request with them would show the reviewer. */
export const previewRequestQuery = defineQuery({
  permission: "deployments:request",
  input: PreviewInput,
  run: async ({ db, input }) => {
    try {
      const ctx = await loadContext(db, input);
      const parameters = input.parameters ?? prefillBinding(ctx);
      return { parameters, preview: await previewRequest(db, ctx, parameters) };
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError("INVALID_INPUT", "These parameters cannot be previewed.", undefined, String(error));
    }
  },
});

/** A model's live deployments, one per environment at most (a newer one supersedes the older): what Run starts. */
export function liveDeploymentsOf(db: PrismaClient, modelId: string) {
  return db.deployment.findMany({
    where: { modelId, status: "LIVE" },
    orderBy: { environment: { name: "asc" } },
    select: { id: true, environment: { select: { name: true } }, pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } } },
  });
}

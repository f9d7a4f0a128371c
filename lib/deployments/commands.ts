import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { asJson } from "@/lib/db/json";
import type { Actor } from "@/lib/auth/permissions";
import { deploymentTarget, modelTarget } from "@/lib/commands/object-access";
import { resolveImages } from "@/lib/catalog/images/resolve";
import { notify } from "@/lib/notifications/notify";
import { artifactsOf, fingerprintOf } from "./artifacts";
import { prefillBinding } from "./binding";
import { loadContext } from "./context";
import { ApproveInput, DeploymentIdInput, RejectInput, RequestDeploymentInput } from "./fields";
import { preflight } from "./preflight";
import { currentApproval, parityConcern, ParityRecord, type ParityOverride } from "./approval";
import { WITHDRAWABLE } from "./rules";
import { STATUS_WORDS } from "./status";
import { emitDeploymentEvent } from "@/lib/webhooks/events";

export const deploymentLink = (id: string) => `/deployments/${id}`;

/**
 * One pending request per model and environment: a second would leave admins to guess which one counts, and
 * approving both would race to go live. The model's row lock makes two requests sent at once queue up here, so
 * the second sees the first.
 */
async function refuseSecondPending(tx: Tx, modelId: string, environmentId: string) {
  await tx.$queryRaw`SELECT id FROM models WHERE id = ${modelId}::uuid FOR UPDATE`;
  const pending = await tx.deployment.findFirst({
    where: { modelId, environmentId, status: "PENDING_APPROVAL" },
    select: { id: true, requestedBy: { select: { email: true } } },
  });
  if (pending) {
    throw new AppError("CONFLICT", `A request for this model in this environment already waits for approval (by ${pending.requestedBy.email}, ${deploymentLink(pending.id)}). Withdraw it first, or ask an admin to decide it.`);
  }
}

/**
 * A request: the parameters (prefilled from the model unless given), the artifacts they bind and their
 * fingerprint. Requested by those who may edit the model, and by MLOps engineers (lib/auth/object-rules.ts).
 */
export const requestDeployment = defineCommand({
  name: "deployments.request",
  permission: "deployments:request",
  input: RequestDeploymentInput,
  object: async ({ tx, input }) => ({ action: "model:request-deployment", target: await modelTarget(tx, input.modelId) }),
  run: async ({ tx, input, actor }) => {
    const ctx = await loadContext(tx, input);
    const parameters = input.parameters ?? prefillBinding(ctx);
    const images = await resolveImages(tx, Object.values(parameters.steps).map((s) => s.imageUri));
    const failing = preflight(ctx, parameters, images).filter((i) => !i.ok);
    if (failing.length > 0) {
      throw new AppError("INVALID_INPUT", `Pre-flight failed — ${failing.map((f) => `${f.check}: ${f.detail}`).join(" | ")}`, { parameters: failing.map((f) => f.detail) });
    }
    await refuseSecondPending(tx, ctx.model.id, ctx.environment.id);
    const artifacts = await artifactsOf(tx, ctx, parameters);
    const deployment = await tx.deployment.create({
      data: {
        modelId: ctx.model.id,
        pipelineVersionId: ctx.version.id,
        environmentId: ctx.environment.id,
        parameters: asJson(parameters),
        artifacts: asJson(artifacts),
        artifactFingerprint: fingerprintOf(artifacts),
        requestedById: actor.id,
      },
      select: { id: true, status: true, artifactFingerprint: true },
    });
    await emitDeploymentEvent(tx, "deployment.requested", deployment.id, actor.email);
    return {
      result: deployment,
      audit: {
        targetType: "deployment",
        targetId: deployment.id,
        summary: `Requested ${ctx.model.slug} on ${ctx.version.pipeline.name} v${ctx.version.version} in ${ctx.environment.name}`,
        details: { fingerprint: deployment.artifactFingerprint },
      },
    };
  },
});

async function findDeployment(tx: Tx, id: string) {
  const deployment = await tx.deployment.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      requestedById: true,
      artifactFingerprint: true,
      parity: true,
      decidedBy: { select: { email: true } },
      model: { select: { slug: true } },
      environment: { select: { name: true, requireParity: true } },
    },
  });
  if (!deployment) throw new AppError("NOT_FOUND", "That deployment request does not exist.");
  return deployment;
}

function alreadyDecided(d: { status: string; decidedBy: { email: string } | null }): AppError {
  const who = d.decidedBy ? ` by ${d.decidedBy.email}` : "";
  return new AppError("CONFLICT", `This request is already ${(STATUS_WORDS[d.status as keyof typeof STATUS_WORDS] ?? d.status).toLowerCase()}${who}; it cannot be decided again.`);
}

/**
 * The decision itself, status-conditional: of two admins deciding at once, the second's update matches no row
 * (PostgreSQL re-checks the condition after the first commits) and is told so.
 */
async function decide(tx: Tx, id: string, actor: Actor, status: "APPROVED" | "REJECTED", comment: string, parityOverride?: ParityOverride) {
  const { count } = await tx.deployment.updateMany({
    where: { id, status: "PENDING_APPROVAL" },
    data: { status, decidedById: actor.id, decidedAt: new Date(), decisionComment: comment || null, ...(parityOverride ? { parityOverride } : {}) },
  });
  if (count === 0) {
    const now = await findDeployment(tx, id);
    throw alreadyDecided(now);
  }
}

/** Four eyes, enforced here whatever the UI shows: nobody decides on their own request. */
function refuseOwnRequest(d: { requestedById: string }, actor: Actor, verb: string) {
  if (d.requestedById === actor.id) {
    throw new AppError("FORBIDDEN", `You requested this deployment, so another admin must ${verb} it (four-eyes rule).`);
  }
}

/**
 * Evidence that did not pass is shown at the decision and stops a plain approval: the admin must override it
 * with a reason, which is kept on the deployment and in the audit event. (Where the environment requires
 * parity, a PASS is needed and no override is possible: that check comes first.)
 */
function parityOverrideOf(d: { parity: unknown }, actor: Actor, reason: string | undefined): ParityOverride | undefined {
  const concern = parityConcern(d.parity);
  if (!concern) return undefined;
  if (!reason) {
    throw new AppError("CONFLICT", `${concern}. Approving anyway needs an explicit override with the reason it is acceptable.`, { parityOverride: ["Give the reason for approving despite the parity evidence"] });
  }
  return { reason, by: actor.email, at: new Date().toISOString(), status: ParityRecord.parse(d.parity).status, summary: concern };
}

export const approveDeployment = defineCommand({
  name: "deployments.approve",
  permission: "deployments:decide",
  input: ApproveInput,
  run: async ({ tx, input, actor }) => {
    const d = await findDeployment(tx, input.deploymentId);
    refuseOwnRequest(d, actor, "approve");
    if (d.status !== "PENDING_APPROVAL") throw alreadyDecided(d);
    if (input.fingerprint !== d.artifactFingerprint) {
      throw new AppError("CONFLICT", "The request is not the one you reviewed (its artifacts fingerprint differs). Reload it and review again.");
    }
    const approval = await currentApproval(tx, input.deploymentId);
    if (!approval.holds) {
      throw new AppError("CONFLICT", `The artifacts changed since the request: ${approval.changes.join("; ")}. Reject it and ask for a new request.`);
    }
    if (d.environment.requireParity) {
      const parity = ParityRecord.safeParse(d.parity);
      if (!parity.success || parity.data.status !== "PASS" || parity.data.fingerprint !== d.artifactFingerprint) {
        throw new AppError("CONFLICT", `${d.environment.name} requires parity evidence that passed for these artifacts; the requester must attach it first.`);
      }
    }
    const override = parityOverrideOf(d, actor, input.parityOverride);
    await decide(tx, d.id, actor, "APPROVED", input.comment, override);
    await emitDeploymentEvent(tx, "deployment.approved", d.id, actor.email);
    const despite = override ? ` despite failing parity (${override.reason})` : "";
    await notify(tx, d.requestedById, `${actor.name} approved your deployment of ${d.model.slug} to ${d.environment.name}${despite}${input.comment ? `: ${input.comment}` : "."}`, deploymentLink(d.id));
    return {
      result: { id: d.id, status: "APPROVED" as const },
      audit: {
        targetType: "deployment",
        targetId: d.id,
        summary: `Approved ${d.model.slug} in ${d.environment.name}${override ? " overriding failing parity" : ""}`,
        details: { fingerprint: d.artifactFingerprint, comment: input.comment, ...(override ? { parityOverride: override } : {}) },
      },
    };
  },
});

export const rejectDeployment = defineCommand({
  name: "deployments.reject",
  permission: "deployments:decide",
  input: RejectInput,
  run: async ({ tx, input, actor }) => {
    const d = await findDeployment(tx, input.deploymentId);
    refuseOwnRequest(d, actor, "reject");
    if (d.status !== "PENDING_APPROVAL") throw alreadyDecided(d);
    await decide(tx, d.id, actor, "REJECTED", input.comment);
    await notify(tx, d.requestedById, `${actor.name} rejected your deployment of ${d.model.slug} to ${d.environment.name}: ${input.comment}`, deploymentLink(d.id));
    return {
      result: { id: d.id, status: "REJECTED" as const },
      audit: { targetType: "deployment", targetId: d.id, summary: `Rejected ${d.model.slug} in ${d.environment.name}`, details: { comment: input.comment } },
    };
  },
});

/** The requester (or an admin) takes back a request that is not live; it then can never be deployed. */
export const withdrawDeployment = defineCommand({
  name: "deployments.withdraw",
  permission: "deployments:request",
  input: DeploymentIdInput,
  object: async ({ tx, input }) => ({ action: "deployment:withdraw", target: await deploymentTarget(tx, input.deploymentId) }),
  run: async ({ tx, input }) => {
    const d = await findDeployment(tx, input.deploymentId);
    const { count } = await tx.deployment.updateMany({ where: { id: d.id, status: { in: [...WITHDRAWABLE] } }, data: { status: "WITHDRAWN" } });
    if (count === 0) throw new AppError("CONFLICT", `A ${STATUS_WORDS[d.status].toLowerCase()} deployment cannot be withdrawn.`);
    return { result: { id: d.id, status: "WITHDRAWN" as const }, audit: { targetType: "deployment", targetId: d.id, summary: `Withdrew ${d.model.slug} in ${d.environment.name}` } };
  },
});

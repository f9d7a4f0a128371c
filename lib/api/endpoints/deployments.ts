import { z } from "zod";
import type { DeploymentStatus } from "@/generated/prisma/client";
import { authorize, invalidInput } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { approveDeployment, rejectDeployment, requestDeployment } from "@/lib/deployments/commands";
import { requestDeploy } from "@/lib/deployments/deploy";
import { ApproveInput, RejectInput, RequestDeploymentInput } from "@/lib/deployments/fields";
import { findDeployment, listDeployments } from "@/lib/deployments/queries";
import { STATUS_WORDS } from "@/lib/deployments/status";
import { defineEndpoint, type EndpointContext } from "../endpoint";
import { command, jsonBody, operation } from "../handlers";
import { respond } from "../respond";
import { Deployment, DeploymentChanged, DeploymentRequested, DeploymentSummary } from "../schemas";
import { PROBLEM } from "./meta";

const DeploymentPath = z.object({ deployment: z.uuid() });
const DeploymentList = z.object({ data: z.array(DeploymentSummary) }).meta({ id: "DeploymentList" });
const STATUSES = Object.keys(STATUS_WORDS) as [DeploymentStatus, ...DeploymentStatus[]];
const DeploymentFilters = z.object({ status: z.enum(STATUSES, { error: `status is one of ${STATUSES.join(", ")}` }).optional() });

export const listDeploymentsEndpoint = defineEndpoint({
  method: "GET",
  path: "/deployments",
  operationId: "listDeployments",
  tag: "Deployments",
  summary: "Deployment requests, newest first (status=PENDING_APPROVAL: the approval queue, oldest first)",
  query: DeploymentFilters,
  responses: { 200: { description: "At most 200 requests", schema: DeploymentList }, 401: PROBLEM, 403: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "deployments.list");
    const filters = DeploymentFilters.safeParse(ctx.query);
    if (!filters.success) throw invalidInput(filters.error);
    return respond(DeploymentList, { data: await listDeployments(ctx.db, filters.data) });
  },
});

export const requestDeploymentEndpoint = defineEndpoint({
  method: "POST",
  path: "/deployments",
  operationId: "requestDeployment",
  tag: "Deployments",
  summary: "Request a deployment: the parameters (prefilled from the model unless given) and the artifacts they bind, for an admin to approve",
  body: { mediaType: "application/json", schema: RequestDeploymentInput.meta({ id: "DeploymentRequest" }) },
  responses: { 201: { description: "The request (approve it with its artifactFingerprint)", schema: DeploymentRequested }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    const requested = await command(ctx, requestDeployment, await jsonBody(ctx));
    return respond(DeploymentRequested, requested, { status: 201, headers: { Location: `/api/v1/deployments/${requested.id}` } });
  },
});

export const getDeployment = defineEndpoint({
  method: "GET",
  path: "/deployments/{deployment}",
  operationId: "getDeployment",
  tag: "Deployments",
  summary: "A request: its status, parameters, and whether its approval still holds",
  params: DeploymentPath,
  responses: { 200: { description: "The deployment", schema: Deployment }, 401: PROBLEM, 404: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "deployments.get");
    const found = z.uuid().safeParse(ctx.params.deployment).success ? await findDeployment(ctx.db, ctx.params.deployment ?? "") : null;
    if (!found) throw new AppError("NOT_FOUND", "That deployment request does not exist.");
    return respond(Deployment, found);
  },
});

/** A decision names its deployment in the path; the body carries the rest of the command's input. */
async function decision(ctx: EndpointContext) {
  return { ...(await jsonBody(ctx)), deploymentId: ctx.params.deployment };
}

export const approveDeploymentEndpoint = defineEndpoint({
  method: "POST",
  path: "/deployments/{deployment}/approve",
  operationId: "approveDeployment",
  tag: "Deployments",
  summary: "Approve a request you did not make (four eyes), for exactly the artifacts its fingerprint names",
  params: DeploymentPath,
  body: { mediaType: "application/json", schema: ApproveInput.omit({ deploymentId: true }).meta({ id: "Approval" }) },
  responses: { 200: { description: "Approved; deploy it next", schema: DeploymentChanged }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(DeploymentChanged, await command(ctx, approveDeployment, await decision(ctx))),
});

export const rejectDeploymentEndpoint = defineEndpoint({
  method: "POST",
  path: "/deployments/{deployment}/reject",
  operationId: "rejectDeployment",
  tag: "Deployments",
  summary: "Reject a request you did not make, saying why",
  params: DeploymentPath,
  body: { mediaType: "application/json", schema: RejectInput.omit({ deploymentId: true }).meta({ id: "Rejection" }) },
  responses: { 200: { description: "Rejected", schema: DeploymentChanged }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(DeploymentChanged, await command(ctx, rejectDeployment, await decision(ctx))),
});

export const deployDeploymentEndpoint = defineEndpoint({
  method: "POST",
  path: "/deployments/{deployment}/deploy",
  operationId: "deployDeployment",
  tag: "Deployments",
  summary: "Deploy an approved request: queued, then DEPLOYING until a worker makes it LIVE or FAILED (poll the deployment)",
  params: DeploymentPath,
  responses: { 202: { description: "Queued", schema: DeploymentChanged }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM },
  handle: async (ctx) => respond(DeploymentChanged, await operation(ctx, requestDeploy, { deploymentId: ctx.params.deployment ?? "" }), { status: 202 }),
});

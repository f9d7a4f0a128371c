// Deployments end to end against a real embedded engine: request, four-eyes decisions, artifact-bound approvals,
// deploy (with a real AWS error and a retry), supersede, withdraw, notifications. Every refusal changes nothing.
import { DescribeStateMachineCommand, ListTagsForResourceCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { approveDeployment, rejectDeployment, requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy, deployDeployment } from "@/lib/deployments/deploy";
import { findDeployment } from "@/lib/deployments/queries";
import { markNotificationsRead } from "@/lib/notifications/commands";
import { notificationsFor } from "@/lib/notifications/queries";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { stageLegacyModel } from "../engine/legacy-model";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { changeScript, makeDeployableModel, publishArticlePipeline } from "./world";

const BUCKET = "ferry-deploy-it";
let engine: TestEngine;
let ds: Actor, mlops: Actor, admin: Actor, otherAdmin: Actor;
let environmentId: string;
let versionId: string;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  [ds, mlops, admin, otherAdmin] = await Promise.all([makeUser(["DATA_SCIENTIST"]), makeUser(["MLOPS_ENGINEER"]), makeUser(["ADMIN"]), makeUser(["ADMIN"])]);
  const environment = await prisma.environment.create({ data: { name: "engine-it", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } });
  environmentId = environment.id;
  versionId = (await publishArticlePipeline(mlops)).id;
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

async function newRequest(requester: Actor, modelId?: string) {
  const model = modelId ?? (await makeDeployableModel({ bucket: BUCKET, owner: requester })).id;
  const request = await executeCommand(prisma, requestDeployment, requester, { modelId: model, pipelineVersionId: versionId, environmentId });
  return { modelId: model, id: request.id, fingerprint: request.artifactFingerprint };
}

const statusOf = async (id: string) => (await prisma.deployment.findUniqueOrThrow({ where: { id } })).status;

describe("requesting", () => {
  it("prefills the parameters from the model and binds the artifacts with a fingerprint", async () => {
    const { id, fingerprint } = await newRequest(ds);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const detail = await findDeployment(prisma, id);
    expect(detail).toMatchObject({ status: "PENDING_APPROVAL", requestedBy: { id: ds.id }, approval: { holds: true } });
    expect(detail?.preview.executionInput).toMatchObject({
      RoleArn: "arn:aws:iam::000000000000:role/ferry-embedded-sagemaker",
      CodeUri: `s3://${BUCKET}/code/scripts/`,
      Steps: { pre: { Entrypoint: ["python3", "/opt/ml/processing/input/code/preprocess.py"] }, infer: { ImageUri: expect.stringContaining("legacy-model") } },
    });
    expect(detail?.preview.preflight.every((p) => p.ok)).toBe(true);
    expect(JSON.stringify(detail?.preview.policies.stateMachineRole)).toContain("sagemaker:DescribeProcessingJob");
    expect(detail?.storedArtifacts?.scripts.map((s) => s.name)).toEqual(["postprocess.py", "preprocess.py"]);
    const audit = await prisma.auditEvent.findMany({ where: { targetId: id }, select: { action: true, actorId: true } });
    expect(audit).toEqual([{ action: "deployments.request", actorId: ds.id }]);
  });

  it("refuses a model whose pre-flight fails (no image), saying what to fix, and changes nothing", async () => {
    const model = await makeDeployableModel({ bucket: BUCKET, owner: ds });
    await prisma.model.update({ where: { id: model.id }, data: { imageId: null, scriptImageId: null } });
    const error = await expectRefusedWithoutChange(
      () => executeCommand(prisma, requestDeployment, ds, { modelId: model.id, pipelineVersionId: versionId, environmentId }),
      "INVALID_INPUT",
    );
    expect(error.userMessage).toContain("Images exist: step pre has no image");
  });

  it("refuses a caller without a role", async () => {
    const nobody = await makeUser([]);
    const model = await makeDeployableModel({ bucket: BUCKET, owner: ds });
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestDeployment, nobody, { modelId: model.id, pipelineVersionId: versionId, environmentId }), "FORBIDDEN");
  });
});

describe("deciding", () => {
  it("never lets the requester approve or reject their own request (four eyes)", async () => {
    const { id, fingerprint } = await newRequest(admin);
    const approve = await expectRefusedWithoutChange(() => executeCommand(prisma, approveDeployment, admin, { deploymentId: id, fingerprint }), "FORBIDDEN");
    expect(approve.userMessage).toContain("another admin must approve it");
    await expectRefusedWithoutChange(() => executeCommand(prisma, rejectDeployment, admin, { deploymentId: id, comment: "no" }), "FORBIDDEN");
    expect(await statusOf(id)).toBe("PENDING_APPROVAL");
  });

  it("refuses approvals from non-admins", async () => {
    const { id, fingerprint } = await newRequest(ds);
    for (const actor of [ds, mlops]) {
      await expectRefusedWithoutChange(() => executeCommand(prisma, approveDeployment, actor, { deploymentId: id, fingerprint }), "FORBIDDEN");
    }
  });

  it("rejects with a comment and tells the requester; a rejected request cannot be approved", async () => {
    const { id, fingerprint } = await newRequest(ds);
    await executeCommand(prisma, rejectDeployment, admin, { deploymentId: id, comment: "Use the v2 image" });
    expect(await prisma.deployment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "REJECTED", decidedById: admin.id, decisionComment: "Use the v2 image" });
    const { items } = await notificationsFor(prisma, ds.id);
    expect(items[0]).toMatchObject({ message: expect.stringContaining("rejected your deployment"), link: `/deployments/${id}`, readAt: null });
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, approveDeployment, otherAdmin, { deploymentId: id, fingerprint }), "CONFLICT");
    expect(error.userMessage).toContain(`already rejected by ${admin.email}`);
  });

  it("refuses to approve a request whose script changed since it was made (stale), naming the change", async () => {
    const { id, fingerprint, modelId } = await newRequest(ds);
    await changeScript(modelId, "preprocess.py", ds);
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, approveDeployment, admin, { deploymentId: id, fingerprint }), "CONFLICT");
    expect(error.userMessage).toMatch(/script preprocess\.py changed: v1 \([0-9a-f]{12}\) → v2/);
    expect((await findDeployment(prisma, id))?.approval).toMatchObject({ holds: false });
  });

  it("refuses an approval for artifacts other than those the admin reviewed", async () => {
    const { id } = await newRequest(ds);
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, approveDeployment, admin, { deploymentId: id, fingerprint: "0".repeat(64) }), "CONFLICT");
    expect(error.userMessage).toContain("not the one you reviewed");
  });

  it("records exactly one decision when two admins approve at once; the other is told", async () => {
    const { id, fingerprint } = await newRequest(ds);
    const results = await Promise.allSettled([
      executeCommand(prisma, approveDeployment, admin, { deploymentId: id, fingerprint }),
      executeCommand(prisma, approveDeployment, otherAdmin, { deploymentId: id, fingerprint }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected?.reason).toMatchObject({ code: "CONFLICT", userMessage: expect.stringContaining("already approved by") });
    expect(await prisma.auditEvent.count({ where: { targetId: id, action: "deployments.approve" } })).toBe(1);
    expect(await prisma.notification.count({ where: { userId: ds.id, link: `/deployments/${id}` } })).toBe(1);
  });

  it("lets the requester withdraw, and nobody else but an admin", async () => {
    const { id, fingerprint } = await newRequest(ds);
    const stranger = await makeUser(["DATA_SCIENTIST"]);
    await expectRefusedWithoutChange(() => executeCommand(prisma, withdrawDeployment, stranger, { deploymentId: id }), "FORBIDDEN");
    await executeCommand(prisma, withdrawDeployment, ds, { deploymentId: id });
    expect(await statusOf(id)).toBe("WITHDRAWN");
    await expectRefusedWithoutChange(() => executeCommand(prisma, approveDeployment, admin, { deploymentId: id, fingerprint }), "CONFLICT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, withdrawDeployment, ds, { deploymentId: id }), "CONFLICT");
  });
});

describe("deploying", () => {
  it("refuses to deploy a request that is not approved, and deploys from non-admins", async () => {
    const { id } = await newRequest(ds);
    const error = await expectRefusedWithoutChange(() => deployDeployment(prisma, admin, { deploymentId: id }), "CONFLICT");
    expect(error.userMessage).toContain("before an admin approves it");
    await expectRefusedWithoutChange(() => deployDeployment(prisma, mlops, { deploymentId: id }), "FORBIDDEN");
  });

  it("records AWS's error when the deploy fails, then a retry makes it live: tagged state machine, model live", async () => {
    const { id, fingerprint, modelId } = await newRequest(ds);
    await prisma.environment.update({ where: { id: environmentId }, data: { endpointOverride: "http://127.0.0.1:9" } });
    try {
      const failed = await approveAndDeploy(prisma, admin, { deploymentId: id, fingerprint, comment: "ship it" });
      expect(failed.status).toBe("FAILED");
      expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
      expect(await prisma.deployment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "FAILED", decidedById: admin.id, deployError: failed.error });
    } finally {
      await prisma.environment.update({ where: { id: environmentId }, data: { endpointOverride: engine.endpoint } });
    }
    const live = await deployDeployment(prisma, admin, { deploymentId: id });
    expect(live.status).toBe("LIVE");
    const slug = (await prisma.model.findUniqueOrThrow({ where: { id: modelId } })).slug;
    expect(live.stateMachineArn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:ferry-${slug}`);
    const described = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: live.stateMachineArn ?? "" }));
    expect(described.name).toBe(`ferry-${slug}`);
    const { tags } = await engine.sfn.send(new ListTagsForResourceCommand({ resourceArn: live.stateMachineArn ?? "" }));
    expect(Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]))).toMatchObject({ "ferry:model": slug, "ferry:deployment": id, "ferry:version": "1" });
    expect(await prisma.deployment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "LIVE", deployError: null, stateMachineRevision: described.revisionId ?? null });
    expect((await prisma.model.findUniqueOrThrow({ where: { id: modelId } })).status).toBe("LIVE");
    const actions = (await prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(["deployments.request", "deployments.approve", "deployments.deploy", "deployments.deploy_finished", "deployments.deploy", "deployments.deploy_finished"]);
    // A live deployment is not deployed again.
    await expectRefusedWithoutChange(() => deployDeployment(prisma, admin, { deploymentId: id }), "CONFLICT");

    // A newer approved request for the same model and environment supersedes it, on the same state machine.
    const newer = await newRequest(ds, modelId);
    const second = await approveAndDeploy(prisma, otherAdmin, { deploymentId: newer.id, fingerprint: newer.fingerprint });
    expect(second).toMatchObject({ status: "LIVE", stateMachineArn: live.stateMachineArn });
    expect(await prisma.deployment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SUPERSEDED", supersededAt: expect.any(Date) });
    const { items, unread } = await notificationsFor(prisma, ds.id);
    expect(items[0]?.message).toContain("is live in engine-it");
    await executeCommand(prisma, markNotificationsRead, ds, { ids: items.map((n) => n.id) });
    expect((await notificationsFor(prisma, ds.id)).unread).toBeLessThan(unread);

    // A script change afterwards: the live deployment's approval no longer holds.
    await changeScript(modelId, "postprocess.py", mlops);
    const after = await findDeployment(prisma, newer.id);
    expect(after?.approval.holds).toBe(false);
    expect(after?.approval.changes.join()).toContain("script postprocess.py changed");
  });

  it("refuses to deploy an approved request whose artifacts changed before the deploy", async () => {
    const { id, fingerprint, modelId } = await newRequest(ds);
    await executeCommand(prisma, approveDeployment, admin, { deploymentId: id, fingerprint });
    await changeScript(modelId, "preprocess.py", mlops);
    const error = await expectRefusedWithoutChange(() => deployDeployment(prisma, admin, { deploymentId: id }), "CONFLICT");
    expect(error.userMessage).toContain("The approval no longer holds: script preprocess.py changed");
  });

  it("makes an admin who requested wait for another admin, even to deploy", async () => {
    const { id } = await newRequest(otherAdmin);
    await expectAppError(() => approveAndDeploy(prisma, otherAdmin, { deploymentId: id, fingerprint: "a".repeat(64) }), "FORBIDDEN");
    expect(await statusOf(id)).toBe("PENDING_APPROVAL");
  });
});

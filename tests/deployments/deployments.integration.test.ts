// Deployments end to end against a real embedded engine: request, four-eyes decisions, artifact-bound approvals,
// deploy (with a real AWS error and a retry), supersede, withdraw, notifications. Every refusal changes nothing.
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ListExecutionsCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { approveDeployment, rejectDeployment, requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy, deployDeployment, finishDeploy } from "@/lib/deployments/deploy";
import { findDeployment } from "@/lib/deployments/queries";
import { markNotificationsRead } from "@/lib/notifications/commands";
import { createPipeline } from "@/lib/pipelines/commands";
import { releasePipelineVersion } from "@/lib/deployments/release";
import { startRun, stop } from "@/lib/runs/operations";
import { notificationsFor } from "@/lib/notifications/queries";
import { startTestEngine, TEST_ROLE, type TestEngine } from "../engine/harness";
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

async function aliasTarget(stateMachineArn: string | null) {
  const alias = await engine.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${stateMachineArn ?? ""}:live` }));
  return alias.routingConfiguration?.[0]?.stateMachineVersionArn;
}

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

  it("records AWS's error when the deploy fails, then a retry makes it live: tagged state machine, published version, alias live, model live", async () => {
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
    expect(live.stateMachineArn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:ferry-dp-${slug}`);
    const described = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: live.stateMachineArn ?? "" }));
    expect(described.name).toBe(`ferry-dp-${slug}`);
    const { tags } = await engine.sfn.send(new ListTagsForResourceCommand({ resourceArn: live.stateMachineArn ?? "" }));
    expect(Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]))).toMatchObject({
      "ferry:kind": "deployment",
      "ferry:owner": modelId,
      "ferry:model": slug,
      "ferry:deployment": id,
      "ferry:version": "1",
    });
    const versionArn = `${live.stateMachineArn}:1`;
    const version = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: versionArn }));
    expect(await prisma.deployment.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "LIVE",
      deployError: null,
      stateMachineVersionArn: versionArn,
      stateMachineRevision: version.revisionId ?? null,
    });
    expect(await aliasTarget(live.stateMachineArn)).toBe(versionArn);
    expect((await prisma.model.findUniqueOrThrow({ where: { id: modelId } })).status).toBe("LIVE");
    const actions = (await prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(["deployments.request", "deployments.approve", "deployments.deploy", "deployments.deploy_finished", "deployments.deploy", "deployments.deploy_finished"]);
    // A live deployment is not deployed again, and a replayed outcome (say, a FAILED one) is refused.
    await expectRefusedWithoutChange(() => deployDeployment(prisma, admin, { deploymentId: id }), "CONFLICT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, finishDeploy, admin, { deploymentId: id, outcome: { ok: false, error: "forged" } }), "CONFLICT");

    // A newer approved request for the same model and environment supersedes it, on the same state machine.
    const newer = await newRequest(ds, modelId);
    const second = await approveAndDeploy(prisma, otherAdmin, { deploymentId: newer.id, fingerprint: newer.fingerprint });
    expect(second).toMatchObject({ status: "LIVE", stateMachineArn: live.stateMachineArn });
    expect(await prisma.deployment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SUPERSEDED", supersededAt: expect.any(Date) });
    // Same approved definition: the same version, and `live` still names it.
    expect((await prisma.deployment.findUniqueOrThrow({ where: { id: newer.id } })).stateMachineVersionArn).toBe(versionArn);
    expect(await aliasTarget(live.stateMachineArn)).toBe(versionArn);
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

// Issue 11, finding 2: a pipeline released under a deployment's state machine name changed what that deployment
// ran. Name spaces keep the two apart, ownership tags guard every update, and runs start on the published version
// after checking it still holds what was approved.
describe("runs execute what was approved", () => {
  const hostile = JSON.stringify({ StartAt: "Exfiltrate", States: { Exfiltrate: { Type: "Pass", Result: "not approved", End: true } } });

  async function deployed(modelId?: string, pipelineVersionId = versionId) {
    const model = modelId ?? (await makeDeployableModel({ bucket: BUCKET, owner: ds })).id;
    const request = await executeCommand(prisma, requestDeployment, ds, { modelId: model, pipelineVersionId, environmentId });
    const live = await approveAndDeploy(prisma, admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint });
    expect(live.status).toBe("LIVE");
    const row = await prisma.deployment.findUniqueOrThrow({ where: { id: request.id }, include: { model: true, pipelineVersion: true } });
    return { id: row.id, modelId: model, slug: row.model.slug, arn: row.stateMachineArn ?? "", versionArn: row.stateMachineVersionArn ?? "", approved: row.pipelineVersion.definition };
  }

  const versionsOf = async (arn: string) => (await engine.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }))).stateMachineVersions?.map((v) => v.stateMachineVersionArn);

  it("refuses a pipeline named like a deployment's (or a parity run's) state machine, even one named so before the rule", async () => {
    const d = await deployed();
    for (const name of [`ferry-dp-${d.slug}`, `ferry-${d.slug}`, `ferry-pr-${d.id.replaceAll("-", "")}`, `FERRY-dp-${d.slug}`]) {
      const error = await expectRefusedWithoutChange(() => executeCommand(prisma, createPipeline, mlops, { name }), "INVALID_INPUT");
      expect(error.fieldErrors?.name?.join()).toContain("reserved");
    }
    // A pipeline that got such a name before the rule existed cannot be released either.
    const legacy = await publishArticlePipeline(mlops);
    const { pipelineId } = await prisma.pipelineVersion.findUniqueOrThrow({ where: { id: legacy.id }, select: { pipelineId: true } });
    await prisma.pipeline.update({ where: { id: pipelineId }, data: { name: `ferry-dp-${d.slug}` } });
    const before = await versionsOf(d.arn);
    const error = await expectRefusedWithoutChange(() => releasePipelineVersion(prisma, mlops, { pipelineVersionId: legacy.id, environmentId }), "INVALID_INPUT");
    expect(error.userMessage).toContain("reserved");
    expect(await versionsOf(d.arn)).toEqual(before);
    expect(JSON.parse((await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: d.versionArn }))).definition ?? "")).toEqual(d.approved);
  });

  it("does not touch a state machine at its name that is someone else's (foreign tags, or no ferry tags at all)", async () => {
    const model = await makeDeployableModel({ bucket: BUCKET, owner: ds });
    const name = `ferry-dp-${model.slug}`;
    const { stateMachineArn = "" } = await engine.sfn.send(new CreateStateMachineCommand({ name, definition: hostile, roleArn: TEST_ROLE, tags: [{ key: "team", value: "elsewhere" }] }));
    const request = await executeCommand(prisma, requestDeployment, ds, { modelId: model.id, pipelineVersionId: versionId, environmentId });
    const refused = await approveAndDeploy(prisma, admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint });
    expect(refused).toMatchObject({ status: "FAILED", stateMachineArn: null });
    expect(refused.error).toContain("Ferry.ForeignStateMachine");
    expect(refused.error).toContain("not Ferry's");

    const otherModel = "0d6b7c3e-1f5a-4c1e-9a57-000000000000";
    await engine.sfn.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: "ferry:kind", value: "deployment" }, { key: "ferry:owner", value: otherModel }] }));
    const again = await deployDeployment(prisma, admin, { deploymentId: request.id });
    expect(again.error).toContain(`belongs to deployment ${otherModel}`);
    const machine = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(machine.definition).toBe(hostile);
    expect(await versionsOf(stateMachineArn)).toEqual([]);
    expect((await prisma.deployment.findUniqueOrThrow({ where: { id: request.id } })).stateMachineVersionArn).toBeNull();
  });

  it("runs the approved version after an out-of-band UpdateStateMachine, publish and alias move on the deployment's machine", async () => {
    const d = await deployed();
    // Anyone with AWS access: change the machine, publish the change, point `live` at it.
    const { stateMachineVersionArn: rogue = "" } = await engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: d.arn, definition: hostile, publish: true }));
    await engine.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${d.arn}:live`, routingConfiguration: [{ stateMachineVersionArn: rogue, weight: 100 }] }));
    const run = await startRun(prisma, ds, { deploymentId: d.id });
    expect(run.status).toBe("RUNNING");
    const execution = await engine.sfn.send(new DescribeExecutionCommand({ executionArn: run.executionArn ?? "" }));
    expect(execution.stateMachineVersionArn).toBe(d.versionArn);
    const ran = await engine.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: run.executionArn ?? "" }));
    expect(JSON.parse(ran.definition ?? "")).toEqual(d.approved);
    await stop(prisma, ds, { runId: run.runId });
  });

  it("refuses to start, and starts nothing, when the approved version ARN now holds another definition (machine deleted and re-created)", async () => {
    const d = await deployed();
    await engine.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: d.arn }));
    const recreated = await engine.sfn.send(new CreateStateMachineCommand({ name: `ferry-dp-${d.slug}`, definition: hostile, roleArn: TEST_ROLE, publish: true }));
    expect(recreated.stateMachineVersionArn).toBe(d.versionArn);
    const run = await startRun(prisma, ds, { deploymentId: d.id });
    expect(run.status).toBe("FAILED");
    const stored = await prisma.run.findUniqueOrThrow({ where: { id: run.runId } });
    expect(stored).toMatchObject({ status: "FAILED", executionArn: null, error: "Ferry.ApprovalMismatch" });
    expect(stored.cause).toContain("definition is not the approved one");
    expect((await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: d.arn }))).executions).toEqual([]);
  });

  it("publishes a new version for a newer deployment with another definition and moves live; the older version stays as it was", async () => {
    const first = await deployed();
    const otherPipeline = await publishArticlePipeline(mlops);
    const second = await deployed(first.modelId, otherPipeline.id);
    expect(second.versionArn).toBe(`${first.arn}:2`);
    expect(await aliasTarget(first.arn)).toBe(second.versionArn);
    expect(JSON.parse((await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: first.versionArn }))).definition ?? "")).toEqual(first.approved);
    expect(await statusOf(first.id)).toBe("SUPERSEDED");
  });

  it("refuses runs of a deployment that went live before versions until an admin redeploys it", async () => {
    const d = await deployed();
    await prisma.deployment.update({ where: { id: d.id }, data: { stateMachineVersionArn: null } });
    const refused = await startRun(prisma, ds, { deploymentId: d.id });
    expect(refused.status).toBe("FAILED");
    expect(refused.error).toContain("an admin must redeploy it");
    await expectRefusedWithoutChange(() => deployDeployment(prisma, ds, { deploymentId: d.id }), "FORBIDDEN");
    const redeployed = await deployDeployment(prisma, admin, { deploymentId: d.id });
    expect(redeployed.status).toBe("LIVE");
    expect((await prisma.deployment.findUniqueOrThrow({ where: { id: d.id } })).stateMachineVersionArn).toBe(d.versionArn);
    const run = await startRun(prisma, ds, { deploymentId: d.id });
    expect(run.status).toBe("RUNNING");
    await stop(prisma, ds, { runId: run.runId });
  });
});

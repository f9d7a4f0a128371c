// Issue 11, finding 1, replayed on a real engine: an approval binds every byte a run executes. Another data
// scientist cannot replace a LIVE model's build context; its owner cannot replace it in place either, only
// publish a new version, after which the deployment says its approval no longer holds and runs are refused
// until an admin approves again. The definition, the interpreter and pinned digests are bound the same way.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { registerImage, uploadBuildContext } from "@/lib/catalog/images/operations";
import { recordImageRuntime, recordImageVerification } from "@/lib/catalog/images/commands";
import { saveModel } from "@/lib/catalog/models/upsert";
import { uploadScripts } from "@/lib/catalog/scripts/upload";
import { requestDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy } from "@/lib/deployments/deploy";
import { findDeployment } from "@/lib/deployments/queries";
import { ModelBinding } from "@/lib/pipelines/input";
import { startReconciler } from "@/lib/runs/reconciler";
import { rerun, startRun } from "@/lib/runs/operations";
import { listPrefix } from "@/lib/storage/objects";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { FIXTURES, FRAMEWORK_IMAGE, stageLegacyModel } from "../engine/legacy-model";
import { expectRefusedWithoutChange, makeUser } from "../commands/world";
import { waitForRun } from "../runs/world";
import { resetDatabase } from "../setup/db";
import { publishArticlePipeline } from "./world";

const BUCKET = "ferry-binding-it";
let engine: TestEngine;
let owner: Actor, otherDs: Actor, mlops: Actor, admin: Actor;
let environmentId: string, versionId: string, frameworkId: string;

async function filesOf(dir: string, change?: { name: string; text: string }) {
  const names = await readdir(dir);
  const files = await Promise.all(names.map(async (name) => ({ name, base64: (await readFile(path.join(dir, name))).toString("base64") })));
  return change ? [...files.filter((f) => f.name !== change.name), { name: change.name, base64: Buffer.from(change.text).toString("base64") }] : files;
}

async function engineImages(): Promise<unknown> {
  return (await fetch(`${engine.endpoint}/_ferry/images`)).json();
}

/** A model of `owner` with its own custom image (build context uploaded), its scripts, live on the article pipeline. */
async function liveModel() {
  const tag = randomBytes(3).toString("hex");
  const custom = await registerImage(prisma, owner, { uri: `000000000000.dkr.ecr.us-east-1.amazonaws.com/binding-${tag}:1.0`, kind: "CUSTOM" });
  await uploadBuildContext(prisma, owner, { imageId: custom.id, files: await filesOf(path.join(FIXTURES, "custom-image")) });
  const model = await executeCommand(prisma, saveModel, owner, {
    slug: `binding-${tag}`,
    displayName: "Binding",
    team: "risk",
    inputUri: `s3://${BUCKET}/data/input/`,
    outputUri: `s3://${BUCKET}/runs/binding-${tag}/`,
    volumeSizeGb: 1,
    maxRuntimeSeconds: 120,
    imageId: custom.id,
    scriptImageId: frameworkId,
  });
  await uploadScripts(prisma, owner, { modelId: model.id, files: await filesOf(path.join(FIXTURES, "scripts")) });
  const request = await executeCommand(prisma, requestDeployment, owner, { modelId: model.id, pipelineVersionId: versionId, environmentId });
  const live = await approveAndDeploy(prisma, admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint });
  expect(live.status).toBe("LIVE");
  return { imageId: custom.id, imageUri: custom.uri, modelId: model.id, deploymentId: request.id };
}

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  [owner, otherDs, mlops, admin] = await Promise.all([makeUser(["DATA_SCIENTIST"]), makeUser(["DATA_SCIENTIST"]), makeUser(["MLOPS_ENGINEER"]), makeUser(["ADMIN"])]);
  environmentId = (await prisma.environment.create({ data: { name: "binding-it", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } })).id;
  versionId = (await publishArticlePipeline(mlops)).id;
  frameworkId = (await registerImage(prisma, owner, { uri: FRAMEWORK_IMAGE, kind: "FRAMEWORK" })).id;
}, 60_000);

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

describe("finding 1: build contexts are bound by the approval", () => {
  it("refuses another data scientist, refuses the owner in place, and voids the approval on a new version until re-approved", async () => {
    const { imageId, imageUri, modelId, deploymentId } = await liveModel();
    const reconciler = startReconciler({ db: prisma, minIntervalMs: 200, pendingGraceMs: 0, tickMs: 100 });
    try {
      const approved = await startRun(prisma, owner, { deploymentId });
      expect((await waitForRun(approved.runId, (r) => !["PENDING", "RUNNING"].includes(r.status))).status).toBe("SUCCEEDED");
    } finally {
      await reconciler.stop();
    }
    const hostile = await filesOf(path.join(FIXTURES, "custom-image"), { name: "predict.py", text: "import os\nos.system('curl evil')\n" });
    const contexts = async () => (await listPrefix(engine.s3, { bucket: BUCKET, key: `ferry/images/${imageId}/` })).folders.length;
    const [contextsBefore, engineBefore] = [await contexts(), await engineImages()];
    expect(contextsBefore).toBe(1);

    // Another data scientist: refused before anything is stored or registered with the engine.
    const stranger = await expectRefusedWithoutChange(() => uploadBuildContext(prisma, otherDs, { imageId, files: hostile }), "FORBIDDEN");
    expect(stranger.userMessage).toBe(`Only its owner or admins can change image ${imageUri}.`);
    // The owner, in place: the version is bound by the live deployment, which the refusal names.
    const inPlace = await expectRefusedWithoutChange(() => uploadBuildContext(prisma, owner, { imageId, files: hostile }), "CONFLICT");
    expect(inPlace.userMessage).toMatch(/version 1 is bound by approved or live deployments: binding-\w+ in binding-it \(live\)\. Upload it as a new version/);
    expect(await contexts()).toBe(contextsBefore);
    expect(await engineImages()).toEqual(engineBefore);

    // The owner, as a new version: version 2 with its own content-addressed context.
    const published = await uploadBuildContext(prisma, owner, { imageId, files: hostile, newVersion: true });
    expect(published.version).toBe(2);
    expect(await contexts()).toBe(2);
    expect(await prisma.imageVersion.count({ where: { imageId } })).toBe(2);
    const page = await findDeployment(prisma, deploymentId);
    expect(page?.status).toBe("LIVE");
    expect(page?.approval.holds).toBe(false);
    // The binding pinned the engine's digest of version 1; the change names both builds by digest.
    const repository = imageUri.slice(0, imageUri.lastIndexOf(":")).replace(/[.]/g, "\\.");
    expect(page?.approval.changes.join()).toMatch(new RegExp(`image ${repository}@sha256:[0-9a-f]{64} changed: v1 \\([0-9a-f]{12}\\) → v2 \\([0-9a-f]{12}\\)`));
    expect(page?.approval.changedKeys).toEqual([expect.stringMatching(new RegExp(`^image:${repository}@sha256:`))]);

    // The next run, a re-run of the approved one: refused, nothing written, nothing started.
    const refused = await expectRefusedWithoutChange(() => startRun(prisma, owner, { deploymentId }), "CONFLICT");
    expect(refused.userMessage).toContain("This deployment's approval no longer holds: image");
    const previous = await prisma.run.findFirstOrThrow({ where: { deploymentId } });
    await expectRefusedWithoutChange(() => rerun(prisma, owner, { runId: previous.id }), "CONFLICT");

    // Requested and approved again: the new version is what runs now.
    const again = await executeCommand(prisma, requestDeployment, owner, { modelId, pipelineVersionId: versionId, environmentId });
    expect((await approveAndDeploy(prisma, admin, { deploymentId: again.id, fingerprint: again.artifactFingerprint })).status).toBe("LIVE");
    expect((await findDeployment(prisma, again.id))?.approval.holds).toBe(true);
    expect((await startRun(prisma, owner, { deploymentId: again.id })).status).toBe("RUNNING");
  });

  it("binds the state machine definition and the framework interpreter", async () => {
    const { deploymentId } = await liveModel();
    const version = await prisma.pipelineVersion.findUniqueOrThrow({ where: { id: versionId }, select: { definition: true } });
    // Published versions are immutable in Ferry; this stands for a definition changed behind its back.
    await prisma.pipelineVersion.update({ where: { id: versionId }, data: { definition: { ...(version.definition as object), Comment: "changed" } } });
    try {
      const page = await findDeployment(prisma, deploymentId);
      expect(page?.approval).toMatchObject({ holds: false, changedKeys: ["definition"] });
      expect(page?.approval.changes[0]).toMatch(/^state machine definition [0-9a-f]{12} → [0-9a-f]{12}$/);
    } finally {
      await prisma.pipelineVersion.update({ where: { id: versionId }, data: { definition: version.definition ?? {} } });
    }
    expect((await findDeployment(prisma, deploymentId))?.approval.holds).toBe(true);

    await expectRefusedWithoutChange(() => executeCommand(prisma, recordImageRuntime, owner, { imageId: frameworkId, runtime: { kind: "framework", python: "python3.11" } }), "CONFLICT");
    await executeCommand(prisma, recordImageRuntime, owner, { imageId: frameworkId, runtime: { kind: "framework", python: "python3.11" }, newVersion: true });
    const page = await findDeployment(prisma, deploymentId);
    expect(page?.approval.holds).toBe(false);
    expect(page?.approval.changes.join()).toContain(`image ${FRAMEWORK_IMAGE} changed: v1 (interpreter default) → v2 (interpreter python3.11)`);
  });

  it("refuses a host path as an interpreter", async () => {
    await expectRefusedWithoutChange(() => registerImage(prisma, owner, { uri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/py:1", kind: "FRAMEWORK", python: "/usr/bin/python3" }), "INVALID_INPUT");
  });
});

describe("pinned digests", () => {
  it("pins a custom image with a known digest, and refuses a pin to an older build", async () => {
    const tag = randomBytes(3).toString("hex");
    const image = await registerImage(prisma, owner, { uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/pinned-${tag}:2`, kind: "CUSTOM" });
    const [old, current] = [`sha256:${"a".repeat(64)}`, `sha256:${"b".repeat(64)}`];
    await executeCommand(prisma, recordImageVerification, owner, { imageId: image.id, digest: old });
    const runtime = { kind: "custom", buildContextUri: `s3://${BUCKET}/ferry/images/${image.id}/x/`, files: ["Dockerfile"] } as const;
    await executeCommand(prisma, recordImageRuntime, owner, { imageId: image.id, runtime, digest: current, newVersion: true });
    const model = await executeCommand(prisma, saveModel, owner, { slug: `pinned-${tag}`, displayName: "Pinned", team: "risk", inputUri: `s3://${BUCKET}/data/input/`, imageId: image.id, scriptImageId: frameworkId });
    await uploadScripts(prisma, owner, { modelId: model.id, files: await filesOf(path.join(FIXTURES, "scripts")) });
    const targets = { modelId: model.id, pipelineVersionId: versionId, environmentId };
    const request = await executeCommand(prisma, requestDeployment, owner, targets);
    const stored = await prisma.deployment.findUniqueOrThrow({ where: { id: request.id }, select: { parameters: true } });
    const parameters = ModelBinding.parse(stored.parameters);
    expect(parameters.steps.infer?.imageUri).toBe(`123456789012.dkr.ecr.us-east-1.amazonaws.com/pinned-${tag}@${current}`);
    expect((await findDeployment(prisma, request.id))?.storedArtifacts?.images.find((i) => i.imageId === image.id)).toMatchObject({ digest: current, version: 2 });

    const stale = { ...parameters, steps: { ...parameters.steps, infer: { ...parameters.steps.infer!, imageUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/pinned-${tag}@${old}` } } };
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, requestDeployment, owner, { ...targets, parameters: stale }), "INVALID_INPUT");
    expect(error.userMessage).toContain("pins an older build");
  });
});

// Issue 16, item 2 replayed for real: parity that FAILs (the pipeline really runs on a golden input in the
// engine) in an environment that does not require parity. A plain approval is refused with the verdict; an
// override needs a reason, is kept on the deployment and in the audit; an environment that requires parity
// accepts no override. And one pending request per model and environment.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { approveDeployment, requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { findDeployment } from "@/lib/deployments/queries";
import { runParity } from "@/lib/deployments/parity/run";
import { saveEnvironment } from "@/lib/environments/commands";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { FIXTURES, stageLegacyModel } from "../engine/legacy-model";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { makeDeployableModel, publishArticlePipeline } from "./world";

const BUCKET = "ferry-decision-it";
let engine: TestEngine;
let ds: Actor, admin: Actor, mlops: Actor;
let environmentId: string;
let versionId: string;
let request: { id: string; fingerprint: string; modelId: string };

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  [ds, admin, mlops] = await Promise.all([makeUser(["DATA_SCIENTIST"]), makeUser(["ADMIN"]), makeUser(["MLOPS_ENGINEER"])]);
  // As the embedded environment: parity not required.
  environmentId = (await prisma.environment.create({ data: { name: "decision-it", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } })).id;
  versionId = (await publishArticlePipeline(mlops)).id;
  const model = await makeDeployableModel({ bucket: BUCKET, owner: ds });
  const made = await executeCommand(prisma, requestDeployment, ds, { modelId: model.id, pipelineVersionId: versionId, environmentId });
  request = { id: made.id, fingerprint: made.artifactFingerprint, modelId: model.id };
}, 120_000);

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

const approve = (extra: Record<string, unknown> = {}) => executeCommand(prisma, approveDeployment, admin, { deploymentId: request.id, fingerprint: request.fingerprint, ...extra });

describe("a failing parity result at the decision", () => {
  it("is refused without an override, naming the verdict; nothing changes", async () => {
    const lines = (await readFile(path.join(FIXTURES, "data/customers.csv"), "utf8")).split("\n").filter(Boolean);
    const result = await runParity(
      prisma,
      ds,
      { deploymentId: request.id, goldenInput: { fileName: "golden.csv", content: `${lines.slice(0, 10).join("\n")}\n` }, legacyOutput: { fileName: "report.json", content: JSON.stringify({ rows: 10, positive: 0, mean_score: 0 }) }, tolerance: 0.001 },
      { pollMs: 200 },
    );
    expect(result.status).toBe("FAIL");
    const page = await findDeployment(prisma, request.id);
    expect(page?.parityConcern).toMatch(/^Parity FAIL: .*cells differ beyond ±0\.001/);
    // Differences are shown at the tolerance's scale, not as floating-point noise.
    for (const difference of (page?.parity?.comparison as { differences: { delta: number | null }[] }).differences) {
      if (difference.delta !== null) expect(String(difference.delta).replace(/^\d*\.?/, "").length).toBeLessThanOrEqual(4);
    }

    const error = await expectRefusedWithoutChange(() => approve(), "CONFLICT");
    expect(error.userMessage).toMatch(/^Parity FAIL: .*Approving anyway needs an explicit override/);
    expect(error.fieldErrors).toHaveProperty("parityOverride");
  }, 120_000);

  it("refuses a reason too short to say anything, or with markup", async () => {
    await expectRefusedWithoutChange(() => approve({ parityOverride: "ok" }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => approve({ parityOverride: "<script>alert(1)</script> fine by me" }), "INVALID_INPUT");
  });

  it("accepts no override where the environment requires parity", async () => {
    await executeCommand(prisma, saveEnvironment, admin, { id: environmentId, kind: "EMBEDDED", requireParity: true });
    const error = await expectRefusedWithoutChange(() => approve({ parityOverride: "The legacy report rounds its mean; known and accepted." }), "CONFLICT");
    expect(error.userMessage).toContain("decision-it requires parity evidence that passed");
    await executeCommand(prisma, saveEnvironment, admin, { id: environmentId, kind: "EMBEDDED", requireParity: false });
  });

  it("approves with an override and a reason, kept on the deployment, in the audit and told to the requester", async () => {
    const reason = "The legacy report rounds its mean; known and accepted by risk.";
    await approve({ parityOverride: reason, comment: "ship" });
    const stored = await prisma.deployment.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored.status).toBe("APPROVED");
    expect(stored.parityOverride).toMatchObject({ reason, by: admin.email, status: "FAIL", summary: expect.stringMatching(/^Parity FAIL/) });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: request.id, action: "deployments.approve" } });
    expect(audit.summary).toContain("overriding failing parity");
    expect(audit.details).toMatchObject({ parityOverride: { reason, by: admin.email } });
    const notice = await prisma.notification.findFirstOrThrow({ where: { userId: ds.id, link: `/deployments/${request.id}` }, orderBy: { createdAt: "desc" } });
    expect(notice.message).toContain(`despite failing parity (${reason})`);
    expect((await findDeployment(prisma, request.id))?.parityOverride?.reason).toBe(reason);
  });
});

describe("new environments", () => {
  it("require parity unless the admin says otherwise", async () => {
    const aws = { name: `prod-${Date.now().toString(36)}`, accountId: "123456789012", region: "eu-west-1", stateMachineRoleArn: "arn:aws:iam::123456789012:role/sfn", sagemakerRoleArn: "arn:aws:iam::123456789012:role/sm", bucket: "ferry-prod-parity" };
    const { id } = await executeCommand(prisma, saveEnvironment, admin, { kind: "AWS", aws });
    expect((await prisma.environment.findUniqueOrThrow({ where: { id } })).requireParity).toBe(true);
  });
});

describe("a second pending request for the same model and environment", () => {
  it("is refused, naming the one that waits, and nothing is written", async () => {
    const model = await makeDeployableModel({ bucket: BUCKET, owner: ds });
    const first = await executeCommand(prisma, requestDeployment, ds, { modelId: model.id, pipelineVersionId: versionId, environmentId });
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, requestDeployment, mlops, { modelId: model.id, pipelineVersionId: versionId, environmentId }), "CONFLICT");
    expect(error.userMessage).toContain(`already waits for approval (by ${ds.email}, /deployments/${first.id})`);
    // Once it is withdrawn, a new request may be made.
    await executeCommand(prisma, withdrawDeployment, ds, { deploymentId: first.id });
    await executeCommand(prisma, requestDeployment, mlops, { modelId: model.id, pipelineVersionId: versionId, environmentId });
  });

  it("sent twice at the same moment, makes exactly one", async () => {
    const model = await makeDeployableModel({ bucket: BUCKET, owner: ds });
    const targets = { modelId: model.id, pipelineVersionId: versionId, environmentId };
    const results = await Promise.allSettled([executeCommand(prisma, requestDeployment, ds, targets), executeCommand(prisma, requestDeployment, mlops, targets)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.deployment.count({ where: { modelId: model.id, status: "PENDING_APPROVAL" } })).toBe(1);
    await expectAppError(() => executeCommand(prisma, requestDeployment, ds, targets), "CONFLICT");
  });
});

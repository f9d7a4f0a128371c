// Runs and deployments through /api/v1 on a real engine: a start with an Idempotency-Key happens once however
// often (and however concurrently) it is sent, the same key with another body is refused; the run is followed
// to its end with its steps, log and outputs; the object rules hold for tokens; four eyes hold for machines
// (a token cannot approve its own user's request); every change is audited under the token's user and id.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { startReconciler, type Reconciler } from "@/lib/runs/reconciler";
import { fingerprint, makeUser } from "../commands/world";
import { stageLegacyModel } from "../engine/legacy-model";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { makeDeployableModel, publishArticlePipeline } from "../deployments/world";
import { binding, liveDeployment, releasedPipeline, type RunWorld } from "../runs/world";
import { resetDatabase } from "../setup/db";
import { documentedAnswers } from "./documented";
import { startApiServer, type ApiServer } from "./server";
import { apiAs, userWithToken, type TokenUser } from "./support";

vi.mock("server-only", () => ({}));

const BUCKET = "ferry-api-runs";
const { check } = documentedAnswers();
let engine: TestEngine;
let server: ApiServer;
let world: RunWorld;
let ds: TokenUser;
let reconciler: Reconciler | null = null;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  world = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
  server = await startApiServer();
  ds = await userWithToken(["DATA_SCIENTIST"]);
}, 120_000);
afterEach(async () => {
  await reconciler?.stop();
  reconciler = null;
});
afterAll(async () => {
  await server.close();
  await engine.close();
});

type Started = { id: string; executionName: string };

async function waitFinished(runId: string): Promise<{ status: string; steps: { name: string; status: string }[] }> {
  const api = apiAs(server.url, ds.token);
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    const run = (await (await api(`/runs/${runId}`)).json()) as { status: string; steps: { name: string; status: string }[] };
    if (run.status !== "PENDING" && run.status !== "RUNNING") return run;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe("POST /runs with an Idempotency-Key", () => {
  it("starts once: the same key and body answer the first start, concurrent retries too; another body is 422", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const api = apiAs(server.url, ds.token);
    const key = randomUUID();
    const send = (body: unknown) => api("/runs", { method: "POST", json: body, headers: { "Idempotency-Key": key } });
    const first = await send({ deploymentId: deployment.id });
    const started = (await check(first, "post", "/runs")) as Started;
    expect(first.status).toBe(201);
    expect(first.headers.get("location")).toBe(`/api/v1/runs/${started.id}`);
    const retries = await Promise.all([send({ deploymentId: deployment.id }), send({ deploymentId: deployment.id })]);
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(await retry.json()).toEqual(started);
    }
    expect(await prisma.run.count({ where: { deploymentId: deployment.id } })).toBe(1);

    const other = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const before = await fingerprint();
    const reused = await send({ deploymentId: other.id });
    expect(reused.status).toBe(422);
    expect((await check(reused, "post", "/runs")) as { code: string }).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
    expect(await fingerprint()).toEqual(before);

    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "runs.create", targetId: started.id } });
    expect(audit).toMatchObject({ actorId: ds.id, tokenId: ds.tokenId });

    reconciler = startReconciler({ db: prisma, minIntervalMs: 200, pendingGraceMs: 0, tickMs: 100 });
    const run = await waitFinished(started.id);
    expect(run.status).toBe("SUCCEEDED");
    await check(await api(`/runs/${started.id}`), "get", "/runs/{run}");
    const steps = (await check(await api(`/runs/${started.id}/steps`), "get", "/runs/{run}/steps")) as { data: { name: string; status: string }[] };
    expect(steps.data.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    const log = (await check(await api(`/runs/${started.id}/steps/${steps.data[0]?.name}/logs`), "get", "/runs/{run}/steps/{step}/logs")) as { text: string; done: boolean; next: string | null };
    expect(log.done).toBe(true);
    expect(log.text.length).toBeGreaterThan(0);
    const outputs = (await check(await api(`/runs/${started.id}/outputs`), "get", "/runs/{run}/outputs")) as { folders: string[]; root: string };
    expect(outputs.folders.length).toBeGreaterThan(0);
    const listed = await api(`/runs?status=SUCCEEDED`);
    expect(((await check(listed, "get", "/runs")) as { data: { id: string }[] }).data.map((r) => r.id)).toContain(started.id);
    const outside = await api(`/runs/${started.id}/outputs/object?key=${encodeURIComponent("ferry/code/secret.py")}`);
    expect(outside.status).toBe(422);
  }, 150_000);

  it("a bulk start with a key is queued once", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const api = apiAs(server.url, ds.token);
    const headers = { "Idempotency-Key": `bulk-${randomUUID()}` };
    const first = await api("/bulk-starts", { method: "POST", json: { deploymentIds: [deployment.id] }, headers });
    const queued = (await check(first, "post", "/bulk-starts")) as { bulkStartId: string; total: number };
    expect(queued.total).toBe(1);
    const again = await api("/bulk-starts", { method: "POST", json: { deploymentIds: [deployment.id] }, headers });
    expect(await again.json()).toEqual(queued);
    expect(await prisma.bulkStart.count()).toBe(1);
    await check(await api(`/bulk-starts/${queued.bulkStartId}`), "get", "/bulk-starts/{bulkStart}");
    const stranger = await userWithToken(["DATA_SCIENTIST"]);
    expect((await apiAs(server.url, stranger.token)(`/bulk-starts/${queued.bulkStartId}`)).status).toBe(404);
  });
});

describe("the object rules and four eyes hold for tokens", () => {
  it("another data scientist's token cannot stop someone else's run", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "slow"));
    const started = (await (await apiAs(server.url, ds.token)("/runs", { method: "POST", json: { deploymentId: deployment.id } })).json()) as Started;
    const stranger = await userWithToken(["DATA_SCIENTIST"]);
    const refused = await apiAs(server.url, stranger.token)(`/runs/${started.id}/stop`, { method: "POST" });
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toMatch(/Only whoever started it/);
    const stopped = await apiAs(server.url, ds.token)(`/runs/${started.id}/stop`, { method: "POST" });
    expect((await check(stopped, "post", "/runs/{run}/stop")) as { id: string }).toEqual({ id: started.id });
  });

  it("an admin's token cannot approve the admin's own request; another admin's can, then deploys", async () => {
    const admin = await userWithToken(["ADMIN"]);
    const other = await userWithToken(["ADMIN"]);
    const model = await makeDeployableModel({ bucket: BUCKET, owner: admin });
    const version = await publishArticlePipeline(await makeUser(["MLOPS_ENGINEER"]));
    const asAdmin = apiAs(server.url, admin.token);
    const request = await asAdmin("/deployments", { method: "POST", json: { modelId: model.id, pipelineVersionId: version.id, environmentId: world.environmentId } });
    const requested = (await check(request, "post", "/deployments")) as { id: string; artifactFingerprint: string };
    expect(request.status).toBe(201);

    const before = await fingerprint();
    const own = await asAdmin(`/deployments/${requested.id}/approve`, { method: "POST", json: { fingerprint: requested.artifactFingerprint } });
    expect(own.status).toBe(403);
    expect((await check(own, "post", "/deployments/{deployment}/approve")) as { detail: string }).toMatchObject({ detail: expect.stringMatching(/four-eyes/) });
    expect(await fingerprint()).toEqual(before);

    const approved = await apiAs(server.url, other.token)(`/deployments/${requested.id}/approve`, { method: "POST", json: { fingerprint: requested.artifactFingerprint, comment: "ok" } });
    expect((await check(approved, "post", "/deployments/{deployment}/approve")) as { status: string }).toEqual({ id: requested.id, status: "APPROVED" });
    const deploy = await apiAs(server.url, other.token)(`/deployments/${requested.id}/deploy`, { method: "POST" });
    expect(deploy.status).toBe(202);
    await check(deploy, "post", "/deployments/{deployment}/deploy");
    const detail = (await check(await asAdmin(`/deployments/${requested.id}`), "get", "/deployments/{deployment}")) as { status: string; approval: { holds: boolean } };
    expect(detail).toMatchObject({ status: "DEPLOYING", approval: { holds: true } });
    const audits = await prisma.auditEvent.findMany({ where: { targetId: requested.id }, orderBy: { id: "asc" }, select: { action: true, actorId: true, tokenId: true } });
    expect(audits).toEqual([
      { action: "deployments.request", actorId: admin.id, tokenId: admin.tokenId },
      { action: "deployments.approve", actorId: other.id, tokenId: other.tokenId },
      { action: "deployments.deploy", actorId: other.id, tokenId: other.tokenId },
    ]);
  });
});

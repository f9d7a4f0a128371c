// Webhooks end to end on a real PostgreSQL, queue, worker and engine: a receiver on 127.0.0.1 gets a signed
// delivery for every event type (verified with the `standardwebhooks` library, not Ferry's own code), a failed
// delivery is retried from the queue with the same webhook-id, redirects are not followed, private addresses are
// refused unless an admin allowed the host, and a delivery can be re-sent.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { bulkImportModels } from "@/lib/catalog/bulk/command";
import { approveDeployment, requestDeployment } from "@/lib/deployments/commands";
import { deployDeployment } from "@/lib/deployments/deploy";
import type { Worker } from "@/lib/worker/worker";
import { startRun } from "@/lib/runs/operations";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { allowWebhookHost, createWebhookEndpoint, disallowWebhookHost, resendWebhookDelivery } from "@/lib/webhooks/commands";
import { expectRefusedWithoutChange, makeUser } from "../commands/world";
import { makeDeployableModel, publishArticlePipeline } from "../deployments/world";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { stageLegacyModel } from "../engine/legacy-model";
import { startTestWorker } from "../jobs/worker";
import { binding, liveDeployment, releasedPipeline, type RunWorld } from "../runs/world";
import { resetDatabase, testDatabaseUrl } from "../setup/db";
import { startReceiver, waitFor, type Received } from "./receiver";

const BUCKET = "ferry-webhooks-it";
let engine: TestEngine;
let worker: Worker;
let world: RunWorld;
let admin: Actor;
let ds: Actor;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  admin = await makeUser(["ADMIN"]);
  ds = await makeUser(["DATA_SCIENTIST"]);
  world = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
  worker = await startTestWorker(prisma, testDatabaseUrl());
}, 120_000);
afterAll(async () => {
  await worker.stop();
  await engine.close();
});

function verified(secret: string, request: Received) {
  return new Webhook(secret).verify(request.body, request.headers) as { type: string; data: Record<string, unknown> };
}

describe("endpoints follow the outbound rule", () => {
  it("a loopback URL is refused until an admin allows its host (audited); http only for an allowed host", async () => {
    await expectRefusedWithoutChange(() => executeCommand(prisma, createWebhookEndpoint, admin, { url: "https://127.0.0.1:9/hook", events: ["run.finished"] }), "FORBIDDEN");
    await expectRefusedWithoutChange(() => executeCommand(prisma, createWebhookEndpoint, admin, { url: "http://[::1]:9/hook", events: ["run.finished"] }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, createWebhookEndpoint, admin, { url: "https://user:pw@example.com/hook", events: ["run.finished"] }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, createWebhookEndpoint, ds, { url: "https://example.com/hook", events: ["run.finished"] }), "FORBIDDEN");
    await expectRefusedWithoutChange(() => executeCommand(prisma, allowWebhookHost, ds, { host: "127.0.0.1" }), "FORBIDDEN");
    await executeCommand(prisma, allowWebhookHost, admin, { host: "127.0.0.1" });
    expect(await prisma.auditEvent.count({ where: { action: "webhooks.allow_host", targetId: "127.0.0.1" } })).toBe(1);
    const made = await executeCommand(prisma, createWebhookEndpoint, admin, { url: "http://127.0.0.1:9/hook", events: ["run.finished"] });
    expect(made.secret).toMatch(/^whsec_/);
    await prisma.webhookEndpoint.delete({ where: { id: made.id } });
  });
});

describe("deliveries", () => {
  it("a signed delivery for every event type, verified by a Standard Webhooks library", async () => {
    const receiver = await startReceiver();
    try {
      const endpoint = await executeCommand(prisma, createWebhookEndpoint, admin, { url: `${receiver.url}/all`, events: [...WEBHOOK_EVENT_TYPES] });
      // bulk_lift.done
      await executeCommand(prisma, bulkImportModels, ds, { source: "hooks.csv", models: [{ fields: { slug: "hooked", displayName: "Hooked", team: "hooks" } }] });
      // deployment.requested, deployment.approved, deployment.live
      const model = await makeDeployableModel({ bucket: BUCKET, owner: ds, codePrefix: `s3://${BUCKET}/code/scripts/` });
      const version = await publishArticlePipeline(await makeUser(["MLOPS_ENGINEER"]));
      const request = await executeCommand(prisma, requestDeployment, ds, { modelId: model.id, pipelineVersionId: version.id, environmentId: world.environmentId });
      await executeCommand(prisma, approveDeployment, admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint });
      const deployed = await deployDeployment(prisma, admin, { deploymentId: request.id });
      expect(deployed.status).toBe("LIVE");
      // run.finished (succeeded), run.finished + run.failed (failed)
      const good = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
      const bad = await liveDeployment(world, ds, binding(BUCKET, "failing"));
      const goodRun = await startRun(prisma, ds, { deploymentId: good.id });
      const badRun = await startRun(prisma, ds, { deploymentId: bad.id });

      const byType = await waitFor("every event type", () => {
        const types = new Map(receiver.received.map((r) => [verified(endpoint.secret, r).type, r]));
        return WEBHOOK_EVENT_TYPES.every((t) => types.has(t)) && receiver.received.filter((r) => verified(endpoint.secret, r).type === "run.finished").length >= 2 ? types : undefined;
      }, 120_000);
      for (const request of receiver.received) {
        expect(request.headers["webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
        expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
        expect(Math.abs(Number(request.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(300);
        expect(request.headers["content-type"]).toBe("application/json");
      }
      expect(verified(endpoint.secret, byType.get("deployment.live") as Received).data).toMatchObject({ deploymentId: request.id, status: "LIVE", model: model.slug });
      expect(verified(endpoint.secret, byType.get("bulk_lift.done") as Received).data).toMatchObject({ created: ["hooked"], source: "hooks.csv" });
      const failed = verified(endpoint.secret, byType.get("run.failed") as Received).data;
      expect(failed).toMatchObject({ runId: badRun.runId, status: "FAILED" });
      const finished = receiver.received.map((r) => verified(endpoint.secret, r)).filter((e) => e.type === "run.finished").map((e) => e.data.runId);
      expect(finished.sort()).toEqual([goodRun.runId, badRun.runId].sort());
      // A tampered body fails verification.
      const sample = receiver.received[0] as Received;
      expect(() => new Webhook(endpoint.secret).verify(`${sample.body} `, sample.headers)).toThrow();
      const deliveries = await prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
      expect(deliveries.every((d) => d.status === "DELIVERED" && d.attempts === 1)).toBe(true);
    } finally {
      await receiver.close();
      await prisma.webhookEndpoint.deleteMany();
    }
  }, 180_000);

  it("a failed delivery is retried from the queue with back-off and the same webhook-id; each answer is kept (status, 2 KB of body, duration)", async () => {
    const receiver = await startReceiver((_request, seen) => (seen.length === 1 ? { status: 500, body: "x".repeat(5000) } : { status: 200, body: "thanks" }));
    try {
      const endpoint = await executeCommand(prisma, createWebhookEndpoint, admin, { url: `${receiver.url}/flaky`, events: ["bulk_lift.done"] });
      await executeCommand(prisma, bulkImportModels, ds, { source: "retry.csv", models: [{ fields: { slug: "retried", displayName: "Retried", team: "hooks" } }] });
      const [first, second] = await waitFor("two attempts", () => (receiver.received.length >= 2 ? receiver.received : undefined), 30_000);
      expect(second?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(4_000);
      const delivery = await waitFor("delivered", async () => {
        const d = await prisma.webhookDelivery.findFirst({ where: { endpointId: endpoint.id }, include: { attemptLog: { orderBy: { number: "asc" } } } });
        return d?.status === "DELIVERED" ? d : undefined;
      });
      expect(delivery.attempts).toBe(2);
      expect(delivery.attemptLog.map((a) => [a.number, a.statusCode])).toEqual([[1, 500], [2, 200]]);
      expect(delivery.attemptLog[0]?.responseBody).toHaveLength(2048);
      expect(delivery.attemptLog[1]?.responseBody).toBe("thanks");
      expect(delivery.attemptLog.every((a) => a.durationMs >= 0)).toBe(true);

      await executeCommand(prisma, resendWebhookDelivery, admin, { deliveryId: delivery.id });
      await waitFor("the re-sent attempt", () => (receiver.received.length >= 3 ? true : undefined));
      expect(receiver.received[2]?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
    } finally {
      await receiver.close();
      await prisma.webhookEndpoint.deleteMany();
    }
  }, 60_000);

  it("does not follow a redirect, and refuses a host whose allowance was withdrawn, without sending anything", async () => {
    const target = await startReceiver();
    const redirecting = await startReceiver(() => ({ status: 307, headers: { Location: `${target.url}/stolen` } }));
    try {
      await executeCommand(prisma, createWebhookEndpoint, admin, { url: `${redirecting.url}/moved`, events: ["bulk_lift.done"] });
      await executeCommand(prisma, bulkImportModels, ds, { source: "redirect.csv", models: [{ fields: { slug: "redirected", displayName: "Redirected", team: "hooks" } }] });
      const attempt = await waitFor("the redirected attempt", () => prisma.webhookAttempt.findFirst({ where: { statusCode: 307 } }).then((a) => a ?? undefined));
      expect(attempt.error).toMatch(/does not follow/);
      expect(target.received).toEqual([]);
      await prisma.webhookEndpoint.deleteMany();

      await executeCommand(prisma, createWebhookEndpoint, admin, { url: `${target.url}/later`, events: ["bulk_lift.done"] });
      await executeCommand(prisma, disallowWebhookHost, admin, { host: "127.0.0.1" });
      await executeCommand(prisma, bulkImportModels, ds, { source: "refused.csv", models: [{ fields: { slug: "refused-host", displayName: "Refused", team: "hooks" } }] });
      const refused = await waitFor("the refused attempt", () => prisma.webhookAttempt.findFirst({ where: { error: { contains: "loopback" } } }).then((a) => a ?? undefined));
      expect(refused.statusCode).toBeNull();
      expect(target.received).toEqual([]);
    } finally {
      await target.close();
      await redirecting.close();
      await prisma.webhookEndpoint.deleteMany();
    }
  }, 60_000);
});

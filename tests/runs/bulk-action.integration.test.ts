// Bulk stop and re-run of a filtered set as jobs, on a real engine and a real worker: the request resolves the set
// on the server, writes the items and their jobs and answers at once; the worker carries each item out as the
// caller (role and object rules checked per run); a job delivered twice stops or re-runs nothing twice; someone
// else's progress, runs and crafted sets are refused.
import { ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { bulkOnFiltered, bulkRunActionProgress, performBulkAction, requestBulkRunAction, type BulkRunActionProgress } from "@/lib/runs/bulk-action";
import { startRun } from "@/lib/runs/operations";
import { stageLegacyModel } from "../engine/legacy-model";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { startTestWorker } from "../jobs/worker";
import { resetDatabase, testDatabaseUrl, withClient } from "../setup/db";
import { binding, liveDeployment, releasedPipeline, waitForRun, type RunWorld } from "./world";

const BUCKET = "ferry-bulk-action-it";
let engine: TestEngine;
let ds: Actor;
let stranger: Actor;
let nobody: Actor;
let world: RunWorld;

beforeAll(async () => {
  await resetDatabase();
  await withClient((client) => client.query("DELETE FROM pgboss.job"));
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  ds = await makeUser(["DATA_SCIENTIST"]);
  stranger = await makeUser(["DATA_SCIENTIST"]);
  nobody = await makeUser([]);
  world = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
}, 60_000);

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

/** Three slow runs of one model, started by ds. */
async function slowRuns() {
  const deployment = await liveDeployment(world, ds, binding(BUCKET, "slow"));
  const runIds: string[] = [];
  for (let i = 0; i < 3; i++) runIds.push((await startRun(prisma, ds, { deploymentId: deployment.id })).runId);
  return { modelId: deployment.modelId, runIds };
}

async function settled(bulkId: string): Promise<BulkRunActionProgress> {
  for (let i = 0; i < 300; i++) {
    const progress = await bulkRunActionProgress(prisma, ds, { bulkId });
    if (progress.pending === 0) return progress;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`bulk action ${bulkId} did not settle`);
}

async function executionsOf(stateMachineArn: string) {
  const listed = await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
  return listed.executions ?? [];
}

describe("bulk run actions", () => {
  it("stop a filtered set: queued at once, then each active run stopped by a worker", async () => {
    const { modelId, runIds } = await slowRuns();
    const queued = await bulkOnFiltered(prisma, ds, { action: "stop", filters: `modelId=${modelId}` });
    expect(queued.total).toBe(3);
    if (!queued.bulkId) throw new Error("nothing queued");
    expect(await bulkRunActionProgress(prisma, ds, { bulkId: queued.bulkId })).toMatchObject({ action: "stop", total: 3, pending: 3, done: 0 });
    // Nothing stopped by the request itself.
    expect(await prisma.run.count({ where: { id: { in: runIds }, status: "ABORTED" } })).toBe(0);

    const worker = await startTestWorker(prisma, testDatabaseUrl());
    try {
      expect(await settled(queued.bulkId)).toMatchObject({ done: 3, refused: 0 });
    } finally {
      await worker.stop();
    }
    for (const runId of runIds) await waitForRun(runId, (run) => run.status === "ABORTED");
    // A job delivered again finds its items settled and stops nothing more.
    const items = await prisma.bulkRunActionItem.findMany({ where: { bulkId: queued.bulkId }, select: { id: true } });
    await performBulkAction(prisma, { bulkId: queued.bulkId, itemIds: items.map((i) => i.id) });
    expect(await prisma.auditEvent.count({ where: { action: "runs.stop", targetId: { in: runIds } } })).toBe(3);
  }, 120_000);

  it("re-run delivered twice at once makes one new run per item, each started once", async () => {
    const { runIds } = await slowRuns();
    const { bulkId } = await executeCommand(prisma, requestBulkRunAction, ds, { action: "rerun", runIds });
    const items = await prisma.bulkRunActionItem.findMany({ where: { bulkId }, select: { id: true } });
    const payload = { bulkId, itemIds: items.map((i) => i.id) };
    await Promise.all([performBulkAction(prisma, payload), performBulkAction(prisma, payload)]);
    const reruns = await prisma.run.findMany({ where: { rerunOfId: { in: runIds } }, select: { id: true, executionName: true } });
    expect(reruns.map((r) => r.id).sort()).toEqual(items.map((i) => i.id).sort());
    const names = (await executionsOf(world.stateMachineArn)).map((e) => e.name);
    for (const rerun of reruns) expect(names.filter((n) => n === rerun.executionName)).toHaveLength(1);
    expect(await settled(bulkId)).toMatchObject({ done: 3, refused: 0 });
    await executeCommand(prisma, requestBulkRunAction, ds, { action: "stop", runIds: [...runIds, ...reruns.map((r) => r.id)] }).then(async ({ bulkId: stopId }) => {
      const stops = await prisma.bulkRunActionItem.findMany({ where: { bulkId: stopId }, select: { id: true } });
      await performBulkAction(prisma, { bulkId: stopId, itemIds: stops.map((i) => i.id) });
    });
  }, 120_000);

  it("carries out each run as the caller: someone else's runs are refused with the reason and left running", async () => {
    const { runIds } = await slowRuns();
    const { bulkId } = await executeCommand(prisma, requestBulkRunAction, stranger, { action: "stop", runIds });
    const items = await prisma.bulkRunActionItem.findMany({ where: { bulkId }, select: { id: true } });
    await performBulkAction(prisma, { bulkId, itemIds: items.map((i) => i.id) });
    const progress = await bulkRunActionProgress(prisma, stranger, { bulkId });
    expect(progress).toMatchObject({ done: 0, refused: 3 });
    expect(progress.refusals[0]?.message).toMatch(/started|owner|may|can/i);
    expect(await prisma.run.count({ where: { id: { in: runIds }, status: "ABORTED" } })).toBe(0);
    await expectAppError(() => bulkRunActionProgress(prisma, ds, { bulkId }), "NOT_FOUND");
    await expectAppError(() => bulkRunActionProgress(prisma, nobody, { bulkId }), "FORBIDDEN");
    const { bulkId: stopId } = await executeCommand(prisma, requestBulkRunAction, ds, { action: "stop", runIds });
    const stops = await prisma.bulkRunActionItem.findMany({ where: { bulkId: stopId }, select: { id: true } });
    await performBulkAction(prisma, { bulkId: stopId, itemIds: stops.map((i) => i.id) });
  }, 120_000);

  it("refuses crafted requests before queuing anything", async () => {
    const id = crypto.randomUUID();
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkRunAction, nobody, { action: "stop", runIds: [id] }), "FORBIDDEN");
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkRunAction, ds, { action: "stop", runIds: [id, id] }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkRunAction, ds, { action: "stop", runIds: Array.from({ length: 501 }, () => crypto.randomUUID()) }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkRunAction, ds, { action: "delete", runIds: [id] }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => bulkOnFiltered(prisma, ds, { action: "stop", filters: "x".repeat(2001) }), "INVALID_INPUT");
    expect(await bulkOnFiltered(prisma, ds, { action: "redrive", filters: `modelId=${crypto.randomUUID()}` })).toEqual({ bulkId: null, total: 0 });
  });
});

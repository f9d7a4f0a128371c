// The job queue on a real PostgreSQL with real workers: its schema is pg-boss's own, a job commits and rolls
// back with its intent, malformed or oversized input changes nothing, a job whose worker died is handed to
// another once its lease expires, and readiness follows the workers' heartbeats.
import { readFile } from "node:fs/promises";
import path from "node:path";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { enqueue } from "@/lib/jobs/enqueue";
import { queueStats } from "@/lib/jobs/queue-stats";
import { JOB_HANDLERS } from "@/lib/worker/handlers";
import { startWorker } from "@/lib/worker/worker";
import { lastWorkerBeat } from "@/lib/jobs/worker-beat";
import { bulkStartProgress, startRuns } from "@/lib/runs/bulk-start";
import { expectAppError, expectRefusedWithoutChange, makeUser, UNKNOWN_ID } from "../commands/world";
import { MIGRATIONS_DIR } from "../setup/database";
import { resetDatabase, testDatabaseUrl, withClient } from "../setup/db";
import { workerProcess } from "../scale/processes";
import { FAST_JOBS, startTestWorker } from "./worker";

// The lease is the job's, set when it is queued from the settings the app and the workers share.
process.env.FERRY_JOB_LEASE_SECONDS = String(FAST_JOBS.FERRY_JOB_LEASE_SECONDS);

let ds: Actor;
let other: Actor;
let nobody: Actor;

beforeAll(async () => {
  await resetDatabase();
  await withClient((client) => client.query("DELETE FROM pgboss.job"));
  ds = await makeUser(["DATA_SCIENTIST"]);
  other = await makeUser(["DATA_SCIENTIST"]);
  nobody = await makeUser([]);
});

afterAll(async () => {
  await disconnectPrisma();
});

const jobsNamed = (queue: string) => withClient(async (client) => (await client.query<{ id: string; state: string; data: unknown }>("SELECT id, state, data FROM pgboss.job WHERE name = $1", [queue])).rows);

describe("queue schema", () => {
  it("is exactly what the installed pg-boss would create (an upgrade that changes it fails here)", async () => {
    const migration = await readFile(path.join(MIGRATIONS_DIR, "20261201600001_jobs_and_workers", "migration.sql"), "utf8");
    const expected = PgBoss.getConstructionPlans("pgboss").replace(/^\s*BEGIN;\s*$/m, "").replace(/^\s*COMMIT;\s*$/m, "").trim();
    expect(migration).toContain(expected);
  });
});

describe("enqueue", () => {
  it("commits the job with its intent and rolls both back together", async () => {
    const before = (await jobsNamed("deployments-deploy")).length;
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueue(tx, "deployments.deploy", { deploymentId: UNKNOWN_ID, actorId: ds.id });
        throw new Error("the request failed after enqueueing");
      }),
    ).rejects.toThrow("the request failed");
    expect(await jobsNamed("deployments-deploy")).toHaveLength(before);
    const id = await prisma.$transaction((tx) => enqueue(tx, "deployments.deploy", { deploymentId: UNKNOWN_ID, actorId: ds.id }));
    expect((await jobsNamed("deployments-deploy")).map((j) => j.id)).toContain(id);
  });

  it("refuses a payload its schema does not accept, writing nothing", async () => {
    const before = (await jobsNamed("runs-start-batch")).length;
    await expect(prisma.$transaction((tx) => enqueue(tx, "runs.start-batch", { bulkStartId: "not-a-uuid", itemIds: [] }))).rejects.toThrow();
    expect(await jobsNamed("runs-start-batch")).toHaveLength(before);
  });
});

describe("bulk start requests", () => {
  it("write the bulk start, its items and one job per 25 items in one transaction, and answer at once", async () => {
    const deploymentIds = Array.from({ length: 60 }, () => crypto.randomUUID());
    const started = performance.now();
    const { bulkStartId, total } = await startRuns(prisma, ds, { deploymentIds });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(total).toBe(60);
    const jobs = (await jobsNamed("runs-start-batch")).filter((j) => (j.data as { bulkStartId?: string }).bulkStartId === bulkStartId);
    expect(jobs.map((j) => (j.data as { itemIds: string[] }).itemIds.length).sort()).toEqual([10, 25, 25]);
    expect(await bulkStartProgress(prisma, ds, { bulkStartId })).toMatchObject({ total: 60, pending: 60, started: 0, refused: 0 });
  });

  it("are refused without the role, with too many or repeated deployments, and change nothing", async () => {
    await expectRefusedWithoutChange(() => startRuns(prisma, nobody, { deploymentIds: [crypto.randomUUID()] }), "FORBIDDEN");
    await expectRefusedWithoutChange(() => startRuns(prisma, ds, { deploymentIds: Array.from({ length: 501 }, () => crypto.randomUUID()) }), "INVALID_INPUT");
    const twice = crypto.randomUUID();
    await expectRefusedWithoutChange(() => startRuns(prisma, ds, { deploymentIds: [twice, twice] }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => startRuns(prisma, ds, { deploymentIds: ["x'); DROP TABLE runs; --"] }), "INVALID_INPUT");
  });

  it("show their progress only to whoever asked for them", async () => {
    const { bulkStartId } = await startRuns(prisma, ds, { deploymentIds: [crypto.randomUUID()] });
    await expectAppError(() => bulkStartProgress(prisma, other, { bulkStartId }), "NOT_FOUND");
    await expectAppError(() => bulkStartProgress(prisma, nobody, { bulkStartId }), "FORBIDDEN");
    await expectAppError(() => bulkStartProgress(prisma, ds, { bulkStartId: "../../etc" }), "INVALID_INPUT");
  });

  it("are carried out by a worker: a deployment that does not exist is refused with its reason", async () => {
    const { bulkStartId } = await startRuns(prisma, ds, { deploymentIds: [crypto.randomUUID()] });
    const worker = await startTestWorker(prisma, testDatabaseUrl());
    try {
      let progress = await bulkStartProgress(prisma, ds, { bulkStartId });
      for (let i = 0; i < 100 && progress.pending > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        progress = await bulkStartProgress(prisma, ds, { bulkStartId });
      }
      expect(progress.items).toMatchObject([{ status: "REFUSED", runId: null, message: "That deployment does not exist." }]);
      expect(await prisma.run.count()).toBe(0);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});

describe("leases", () => {
  it("hand a job whose worker died to another worker once its lease expires", async () => {
    const { bulkStartId } = await startRuns(prisma, ds, { deploymentIds: [crypto.randomUUID()] });
    // A consumer that takes the job and dies without a word: nothing completes or fails it.
    const dead = new PgBoss({ connectionString: testDatabaseUrl(), migrate: false, supervise: false, schedule: false });
    await dead.start();
    const taken = await dead.fetch<{ bulkStartId: string }>("runs-start-batch", { batchSize: 50 });
    await dead.stop({ graceful: false, close: true });
    expect(taken.map((j) => j.data.bulkStartId)).toContain(bulkStartId);
    expect((await queueStats(prisma)).active).toBeGreaterThan(0);

    const worker = await startWorker({ db: prisma, databaseUrl: testDatabaseUrl(), handlers: JOB_HANDLERS, settings: FAST_JOBS, log: () => undefined });
    try {
      let progress = await bulkStartProgress(prisma, ds, { bulkStartId });
      for (let i = 0; i < 150 && progress.pending > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        progress = await bulkStartProgress(prisma, ds, { bulkStartId });
      }
      expect(progress).toMatchObject({ pending: 0, refused: 1 });
    } finally {
      await worker.stop();
    }
  }, 60_000);
});

describe("heartbeats", () => {
  it("make sync fresh while a worker beats and stale once it has stopped", async () => {
    await prisma.worker.deleteMany();
    expect(await lastWorkerBeat(prisma)).toMatchObject({ at: null, stale: true });
    const worker = await startTestWorker(prisma, testDatabaseUrl());
    const row = await prisma.worker.findUniqueOrThrow({ where: { id: worker.id } });
    expect(row).toMatchObject({ pid: process.pid, stoppedAt: null });
    expect((await lastWorkerBeat(prisma)).stale).toBe(false);
    await worker.stop();
    expect((await prisma.worker.findUniqueOrThrow({ where: { id: worker.id } })).stoppedAt).not.toBeNull();
    expect((await lastWorkerBeat(prisma)).stale).toBe(true);
  }, 60_000);
});

describe("the worker process", () => {
  it("stops gracefully on a SIGTERM sent the moment it says it started, marking itself stopped", async () => {
    const proc = await workerProcess(testDatabaseUrl(), { FERRY_WORKER_SHUTDOWN_SECONDS: "5" });
    const exit = new Promise<number | string>((resolve) => proc.child.once("exit", (code, signal) => resolve(code ?? `killed by ${signal}`)));
    proc.child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(proc.output.join("")).toContain("SIGTERM: finishing the jobs in flight");
    const pid = proc.child.pid ?? -1;
    expect(await prisma.worker.findFirstOrThrow({ where: { pid }, orderBy: { startedAt: "desc" } })).toMatchObject({ stoppedAt: expect.any(Date) });
  }, 60_000);
});

// Scale out, for real: one PostgreSQL, one engine process, two worker processes, and two "app instances"
// (two database clients of this process, each queuing half of a bulk start as a request would; Next servers are
// left out to keep CI short). During the bulk start a worker is killed -9 and started again, and the engine
// is killed -9 and started again. Every run must exist once, start once (one execution each at the engine) and
// reach a final state; every item of the bulk start must be settled. FERRY_SCALE_RUNS raises N (default 24).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { createPrismaClient, disconnectPrisma, prisma } from "@/lib/db/prisma";
import { startRuns } from "@/lib/runs/bulk-start";
import { stageLegacyModel } from "../engine/legacy-model";
import { makeUser } from "../commands/world";
import { resetDatabase, testDatabaseUrl } from "../setup/db";
import { binding, liveDeployment, releasedPipeline, type RunWorld } from "../runs/world";
import { engineProcess, kill9, remoteEngine, stopGracefully, workerProcess, type Proc } from "./processes";

const RUNS = Number(process.env.FERRY_SCALE_RUNS ?? 24);
const BUCKET = "ferry-scale";
const ENGINE_PORT = 4800 + (process.pid % 150);
const SETTINGS = { FERRY_JOB_LEASE_SECONDS: "5", FERRY_JOB_MAINTENANCE_SECONDS: "1", FERRY_WORKER_BEAT_SECONDS: "1", FERRY_WORKER_SHUTDOWN_SECONDS: "5" };
Object.assign(process.env, SETTINGS);

let dataDir: string;
let engine: Proc | null = null;
const workers: (Proc | null)[] = [null, null];
let instances: PrismaClient[] = [];
let world: RunWorld;
let ds: Actor;

beforeAll(async () => {
  await resetDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "ferry-scale-"));
  engine = await engineProcess(path.join(dataDir, "engine"), ENGINE_PORT);
  // This process signs as the workers do, with the engine's own credentials file.
  process.env.FERRY_ENGINE_CREDENTIALS_FILE = path.join(dataDir, "engine", "credentials");
  const clients = remoteEngine(ENGINE_PORT, dataDir);
  await stageLegacyModel(clients, BUCKET);
  ds = await makeUser(["DATA_SCIENTIST"]);
  world = await releasedPipeline(clients, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
  await clients.close();
  instances = [createPrismaClient(testDatabaseUrl()), createPrismaClient(testDatabaseUrl())];
}, 120_000);

afterAll(async () => {
  await Promise.all([...workers.map(stopGracefully), stopGracefully(engine)]);
  await Promise.all(instances.map((db) => db.$disconnect()));
  await disconnectPrisma();
  await rm(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settledItems(): Promise<number> {
  return prisma.bulkStartItem.count({ where: { status: { not: "PENDING" } } });
}

async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe("a bulk start across two app instances and two workers", () => {
  it("starts every run exactly once and brings each to a final state while a worker and the engine are killed -9", async () => {
    const deployments = [];
    for (let i = 0; i < RUNS; i++) deployments.push(await liveDeployment(world, ds, binding(BUCKET, "scripts"), `scale-${i}-${Date.now().toString(36)}`));
    const ids = deployments.map((d) => d.id);
    const half = Math.ceil(RUNS / 2);
    // Two requests, one per app instance, each answered at once.
    const queued = await Promise.all([startRuns(instances[0] as PrismaClient, ds, { deploymentIds: ids.slice(0, half) }), startRuns(instances[1] as PrismaClient, ds, { deploymentIds: ids.slice(half) })]);
    expect(queued.reduce((n, q) => n + q.total, 0)).toBe(RUNS);

    const databaseUrl = testDatabaseUrl();
    const env = { ...SETTINGS, FERRY_ENGINE_CREDENTIALS_FILE: path.join(dataDir, "engine", "credentials") };
    workers[0] = await workerProcess(databaseUrl, env);
    workers[1] = await workerProcess(databaseUrl, env);

    await waitFor("the first runs to start", async () => (await settledItems()) > 0, 60_000);
    await kill9(workers[0] as Proc);
    await kill9(engine as Proc);
    await sleep(1_000);
    engine = await engineProcess(path.join(dataDir, "engine"), ENGINE_PORT);
    workers[0] = await workerProcess(databaseUrl, env);

    await waitFor("every item to settle", async () => (await settledItems()) === RUNS, 120_000);
    const items = await prisma.bulkStartItem.findMany({ select: { id: true, status: true, message: true } });
    expect(items.filter((i) => i.status !== "STARTED")).toEqual([]);

    await waitFor("every run to finish", async () => (await prisma.run.count({ where: { status: { in: ["PENDING", "RUNNING"] } } })) === 0, 180_000);
    const runs = await prisma.run.findMany({ select: { id: true, deploymentId: true, executionName: true, status: true } });
    // One run per deployment, and it is the item's: a retried job found its run instead of creating another.
    expect(runs).toHaveLength(RUNS);
    expect(new Set(runs.map((r) => r.deploymentId)).size).toBe(RUNS);
    expect(new Set(runs.map((r) => r.id))).toEqual(new Set(items.map((i) => i.id)));
    // One execution per run at the engine: nothing started twice, nothing started outside a run.
    const clients = remoteEngine(ENGINE_PORT, dataDir);
    const listed = await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: world.stateMachineArn, maxResults: 1000 }));
    await clients.close();
    const names = (listed.executions ?? []).map((e) => e.name).sort();
    expect(names).toEqual(runs.map((r) => r.executionName).sort());
    expect(runs.every((r) => !["PENDING", "RUNNING"].includes(r.status))).toBe(true);
    const failed = await prisma.run.findFirst({ where: { status: "FAILED" }, select: { error: true, cause: true, steps: { select: { name: true, status: true, failureReason: true } } } });
    if (failed) console.log(`scale: a failed run: ${JSON.stringify(failed).slice(0, 1500)}`);
    console.log(`scale: ${RUNS} runs, final states ${JSON.stringify(Object.fromEntries([...new Set(runs.map((r) => r.status))].map((s) => [s, runs.filter((r) => r.status === s).length])))}`);
  }, 420_000);
});

// The `ferry` CLI as a child process against /api/v1 served from its route files (tests/api/server.ts), a real
// PostgreSQL and a real engine: login and its config file, exit codes (usage and auth 3, refusals 1, a run's
// outcome), --output json, the bulk lift with its progress, four eyes, runs start --wait with live step status,
// and runs logs --follow.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { startReconciler, type Reconciler } from "@/lib/runs/reconciler";
import { fingerprint, makeUser } from "../commands/world";
import { makeDeployableModel, publishArticlePipeline } from "../deployments/world";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { stageLegacyModel } from "../engine/legacy-model";
import { binding, liveDeployment, releasedPipeline, type RunWorld } from "../runs/world";
import { startTestWorker } from "../jobs/worker";
import { resetDatabase, testDatabaseUrl } from "../setup/db";
import { startApiServer, type ApiServer } from "../api/server";
import { userWithToken, type TokenUser } from "../api/support";
import { ferry } from "./run-cli";

vi.mock("server-only", () => ({}));

const BUCKET = "ferry-cli-it";
let engine: TestEngine;
let server: ApiServer;
let world: RunWorld;
let reconciler: Reconciler;
let home: string;
let ds: TokenUser;
let admin: TokenUser;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  world = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
  server = await startApiServer();
  reconciler = startReconciler({ db: prisma, minIntervalMs: 200, pendingGraceMs: 0, tickMs: 100 });
  home = await mkdtemp(path.join(os.tmpdir(), "ferry-cli-home-"));
  ds = await userWithToken(["DATA_SCIENTIST"]);
  admin = await userWithToken(["ADMIN"]);
}, 120_000);
afterAll(async () => {
  await reconciler.stop();
  await server.close();
  await engine.close();
  await rm(home, { recursive: true, force: true });
});

const as = (user: TokenUser) => ({ FERRY_URL: server.url, FERRY_TOKEN: user.token, HOME: home });

describe("login and exit codes", () => {
  it("login checks the token and stores URL and token in ~/.config/ferry/config.json, 0600; later commands use it", async () => {
    const login = await ferry(["--url", server.url, "login", "--token-stdin"], { HOME: home }, `${ds.token}\n`);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(ds.email);
    const file = path.join(home, ".config/ferry/config.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ url: server.url, token: ds.token });
    const list = await ferry(["models", "list", "--output", "json"], { HOME: home });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(expect.any(Array));
  });

  it("3 for usage and authentication problems, with a message", async () => {
    const bad = await ferry(["--url", server.url, "login", "--token", `${ds.token.slice(0, -3)}xyz`], { HOME: await mkdtemp(path.join(os.tmpdir(), "ferry-cli-")) });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/not valid/);
    expect((await ferry(["frobnicate"], { HOME: home })).code).toBe(3);
    const nowhere = await ferry(["models", "list"], { HOME: await mkdtemp(path.join(os.tmpdir(), "ferry-cli-")) });
    expect(nowhere.code).toBe(3);
    expect(nowhere.stderr).toMatch(/Not logged in/);
    expect((await ferry(["runs", "start", "--wait"], as(ds))).code).toBe(3);
  });
});

describe("models import", () => {
  it("previews then imports with a progress bar; --output json gives the summary; a broken manifest exits 1 and writes nothing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ferry-cli-manifest-"));
    const manifest = path.join(dir, "manifest.csv");
    await writeFile(manifest, "slug,displayName,team\ncli-a,CLI A,cli\ncli-b,CLI B,cli\n");
    // The import is queued by the API and written by a worker, as `npm start` runs one.
    const worker = await startTestWorker(prisma, testDatabaseUrl());
    onTestFinished(() => worker.stop());
    const imported = await ferry(["models", "import", manifest, "--wait"], as(ds));
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/2 created/);
    expect(imported.stderr).toMatch(/done|writing|validating/);
    const again = await ferry(["models", "import", manifest, "--wait", "-o", "json"], as(ds));
    expect(JSON.parse(again.stdout)).toMatchObject({ created: [], unchanged: 2 });

    await writeFile(manifest, "slug,displayName,team\nok-row,OK,cli\nNOT OK,x,cli\n");
    const before = await fingerprint();
    const broken = await ferry(["models", "import", manifest], as(ds));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/NOT OK|errors/);
    expect(await fingerprint()).toEqual(before);
  });
});

describe("four eyes", () => {
  it("an admin's token cannot approve the admin's own request (exit 1); another admin approves", async () => {
    const model = await makeDeployableModel({ bucket: BUCKET, owner: admin });
    const version = await publishArticlePipeline(await makeUser(["MLOPS_ENGINEER"]));
    const pipeline = await prisma.pipeline.findFirstOrThrow({ where: { versions: { some: { id: version.id } } } });
    const environment = await prisma.environment.findUniqueOrThrow({ where: { id: world.environmentId } });
    const requested = await ferry(["deployments", "request", "--model", model.slug, "--pipeline", pipeline.name, "--environment", environment.name, "-o", "json"], as(admin));
    expect(requested.code).toBe(0);
    const { id } = JSON.parse(requested.stdout) as { id: string };
    const own = await ferry(["deployments", "approve", id], as(admin));
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/four-eyes/);
    const other = await userWithToken(["ADMIN"]);
    const approved = await ferry(["deployments", "approve", id, "--comment", "looks right"], as(other));
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain("APPROVED");
  });
});

describe("runs start --wait", () => {
  it("follows the steps live and exits 0 for a run that succeeded; logs --follow prints the jobs' output", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"), "cli-good");
    const run = await ferry(["runs", "start", "--model", "cli-good", "--wait"], as(ds));
    expect(run.stderr).toMatch(/Preprocessing Script Mode: (RUNNING|SUCCEEDED)/);
    expect(run.stdout).toMatch(/SUCCEEDED/);
    expect(run.code).toBe(0);
    const stored = await prisma.run.findFirstOrThrow({ where: { deploymentId: deployment.id } });
    const logs = await ferry(["runs", "logs", stored.id, "--follow"], as(ds));
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^\[Preprocessing Script Mode\] /m);
  }, 120_000);

  it("exits 1 for a run that failed, with --output json giving the run", async () => {
    await liveDeployment(world, ds, binding(BUCKET, "failing"), "cli-bad");
    const run = await ferry(["runs", "start", "--model", "cli-bad", "--wait", "-o", "json"], as(ds));
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "FAILED" });
  }, 120_000);
});

/**
 * Scale out over HTTP (`npm run bench -- scale`): two Next servers of the same build (lib/http/server.ts on two
 * ports, one auth secret), one PostgreSQL, one engine process and two worker processes. A bulk start of N runs
 * (FERRY_SCALE_RUNS, default 500) is sent as the browser sends it — the "Run selected" server action, signed in,
 * with the same-origin proof — in requests of 50 deployments alternating between the servers, as a load balancer
 * would (a refused connection goes to the other one). Half-way one server and one worker are killed -9 and started
 * again. Reported: every run started exactly once (one run per deployment, one execution per run at the engine),
 * every run final, the duration; bench-results/scale-next.json.
 * Kept out of CI: two production servers and N×3 jobs on two cores take minutes (CI runs the two-client version,
 * tests/scale/bulk-start.integration.test.ts).
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ListExecutionsCommand, type ExecutionListItem } from "@aws-sdk/client-sfn";
import { ensureProductionBuild } from "../next-build";
import { startNext } from "../next-server";
import type { Child } from "../child";
import { engineProcess, kill9, remoteEngine, stopGracefully, workerProcess, type Proc } from "../../tests/scale/processes";
import { newDataDir, removeDataDir } from "./ferry-server";
import { benchDatabase, writeResults } from "./support";

const RUNS = Number(process.env.FERRY_SCALE_RUNS ?? 500);
const PER_REQUEST = 50;
const PORTS = [3216, 3217] as const;
const ENGINE_PORT = 4816;
const BUCKET = "ferry-scale-next";
const PASSWORD = "ferry-scale-bench-password";
const WORKER_SETTINGS = { FERRY_JOB_LEASE_SECONDS: "10", FERRY_JOB_MAINTENANCE_SECONDS: "2", FERRY_WORKER_BEAT_SECONDS: "1", FERRY_WORKER_SHUTDOWN_SECONDS: "5" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The id Next gave the "Run selected" server action in this build (its server reference manifest). */
async function startRunsActionId(): Promise<string> {
  const file = path.join(process.env.FERRY_NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(await readFile(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === "app/(app)/runs/actions.ts" && a.exportedName === "startRunsAction");
  if (!found) throw new Error(`startRunsAction is not in ${file}`);
  return found[0];
}

async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers: { "Content-Type": "application/json", Origin: base }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (response.status !== 200) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** POSTs the server action as Next's client does; the bulk start's id from its answer. */
async function queueBulkStart(base: string, actionId: string, cookie: string, deploymentIds: string[]): Promise<string> {
  const response = await fetch(`${base}/runs`, {
    method: "POST",
    headers: { "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: base, Cookie: cookie },
    body: JSON.stringify([{ deploymentIds }]),
  });
  const text = await response.text();
  const id = /"bulkStartId":"([0-9a-f-]{36})"/.exec(text)?.[1];
  if (!id) throw new Error(`no bulk start in the answer (${response.status}): ${text.slice(0, 500)}`);
  return id;
}

async function allExecutions(engine: ReturnType<typeof remoteEngine>, stateMachineArn: string): Promise<ExecutionListItem[]> {
  const executions: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }));
    executions.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return executions;
}

async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1_000);
  }
}

async function main() {
  await ensureProductionBuild((line) => console.log(line));
  const db = await benchDatabase("scale-next");
  const dataDir = await newDataDir("scale-next");
  const engineDir = path.join(dataDir, "engine");
  let engine: Proc | null = await engineProcess(engineDir, ENGINE_PORT);
  const workers: (Proc | null)[] = [];
  const servers: (Child | null)[] = [null, null];
  process.env.DATABASE_URL = db.url;
  process.env.FERRY_ENGINE_CREDENTIALS_FILE = path.join(engineDir, "credentials");
  try {
    const { prisma, disconnectPrisma } = await import("../../lib/db/prisma");
    const { newPasswordUser } = await import("../../lib/users/new-user");
    const { stageLegacyModel } = await import("../../tests/engine/legacy-model");
    const { releasedPipeline, binding, liveDeployment } = await import("../../tests/runs/world");
    const user = async (roles: ("DATA_SCIENTIST" | "MLOPS_ENGINEER")[]) => {
      const email = `${roles[0]?.toLowerCase()}-${randomBytes(3).toString("hex")}@ferry.bench`;
      const row = await prisma.user.create({ data: await newPasswordUser({ email, name: "Scale bench", password: PASSWORD, roles }), select: { id: true, email: true, name: true } });
      return { ...row, roles };
    };
    const clients = remoteEngine(ENGINE_PORT, dataDir);
    await stageLegacyModel(clients, BUCKET);
    const ds = await user(["DATA_SCIENTIST"]);
    const world = await releasedPipeline(clients, await user(["MLOPS_ENGINEER"]), BUCKET);
    const ids: string[] = [];
    for (let i = 0; i < RUNS; i++) ids.push((await liveDeployment(world, ds, binding(BUCKET, "scripts"), `scale-next-${i}`)).id);

    const env = { DATABASE_URL: db.url, FERRY_AUTH_SECRET: randomBytes(24).toString("hex"), FERRY_ENGINE_CREDENTIALS_FILE: process.env.FERRY_ENGINE_CREDENTIALS_FILE, FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE: "1000" };
    const startServer = async (i: number) => {
      const port = PORTS[i] ?? 0;
      const server = startNext({ dev: false, host: "127.0.0.1", port, env: { ...env, PORT: String(port) } });
      await server.ready;
      servers[i] = server;
    };
    await Promise.all([startServer(0), startServer(1)]);
    const bases = PORTS.map((port) => `http://localhost:${port}`);
    const cookie = await signIn(bases[0] ?? "", ds.email);
    const actionId = await startRunsActionId();
    workers.push(await workerProcess(db.url, WORKER_SETTINGS), await workerProcess(db.url, WORKER_SETTINGS));

    const started = performance.now();
    const chunks = Array.from({ length: Math.ceil(RUNS / PER_REQUEST) }, (_, i) => ids.slice(i * PER_REQUEST, (i + 1) * PER_REQUEST));
    let rerouted = 0;
    let restarting: Promise<void> = Promise.resolve();
    for (const [i, chunk] of chunks.entries()) {
      if (i === Math.floor(chunks.length / 2)) {
        // Between two requests, as a crash would find them: the second server and the first worker die outright.
        const second = servers[1];
        if (second) {
          process.kill(second.pid, "SIGKILL");
          await second.exited;
          servers[1] = null;
        }
        await kill9(workers[0] as Proc);
        workers[0] = await workerProcess(db.url, WORKER_SETTINGS);
        restarting = startServer(1);
      }
      const order = servers[i % 2] ? [i % 2, 1 - (i % 2)] : [1 - (i % 2)];
      if (order.length === 1) rerouted += 1;
      await queueBulkStart(bases[order[0] ?? 0] ?? "", actionId, cookie, chunk);
    }
    const queuedSeconds = (performance.now() - started) / 1000;
    await restarting;
    await waitFor("every item to settle", async () => (await prisma.bulkStartItem.count({ where: { status: "PENDING" } })) === 0, Math.max(300_000, RUNS * 2_000));
    const settledSeconds = (performance.now() - started) / 1000;
    await waitFor("every run to finish", async () => (await prisma.run.count({ where: { status: { in: ["PENDING", "RUNNING"] } } })) === 0, Math.max(600_000, RUNS * 6_000));
    const seconds = (performance.now() - started) / 1000;

    const runs = await prisma.run.findMany({ select: { deploymentId: true, executionName: true, status: true } });
    const executions = (await allExecutions(clients, world.stateMachineArn)).map((e) => e.name ?? "").sort();
    const names = runs.map((r) => r.executionName).sort();
    const refused = await prisma.bulkStartItem.count({ where: { status: "REFUSED" } });
    const exactlyOnce = runs.length === RUNS && new Set(runs.map((r) => r.deploymentId)).size === RUNS && JSON.stringify(executions) === JSON.stringify(names);
    const finalStates = Object.fromEntries([...new Set(runs.map((r) => r.status))].map((s) => [s, runs.filter((r) => r.status === s).length]));
    const allFinal = runs.every((r) => !["PENDING", "RUNNING"].includes(r.status));
    console.log(`${RUNS} runs over two Next servers (one killed -9 and restarted, ${rerouted} request(s) sent to the other meanwhile) and two workers (one killed -9):`);
    console.log(`  queued in ${queuedSeconds.toFixed(1)} s, every item settled after ${settledSeconds.toFixed(1)} s, every run final after ${seconds.toFixed(1)} s`);
    console.log(`  exactly once: ${exactlyOnce} (${runs.length} runs, ${executions.length} executions, ${refused} refused); final states ${JSON.stringify(finalStates)}`);
    await clients.close();
    await disconnectPrisma();
    await writeResults("scale-next", { runs: RUNS, exactlyOnce, allFinal, finalStates, refused, rerouted, queuedSeconds, settledSeconds, seconds });
    if (!exactlyOnce || !allFinal) process.exitCode = 1;
  } finally {
    await Promise.all([...servers.map((s) => s?.stop()), ...workers.map(stopGracefully), stopGracefully(engine)]);
    engine = null;
    await db.stop();
    await removeDataDir(dataDir);
  }
}

await main();

/**
 * `npm start` / `npm run dev`: Ferry with everything it needs. On the embedded default (no DATABASE_URL) it
 * runs PostgreSQL and the AWS-compatible engine on this machine, migrates, seeds the demo, then runs a worker
 * and serves Next. Every child is supervised: restarted with back-off when it dies, left down (and said so)
 * when it keeps dying. Ctrl-C / SIGTERM stops everything in order; data stays under FERRY_DATA_DIR.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EnvError, listenHost, parseEnv, type Env } from "../lib/config/env";
import { resolveAuthSecret } from "../lib/auth/secret";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { Stack } from "../lib/platform/stack";
import { awsClients } from "../lib/aws/clients";
import { EMBEDDED_BUCKET } from "../lib/environments/embedded";
import { ensureBucket } from "../lib/storage/objects";
import { spawnTsx } from "./child";
import { migrateAndSeed } from "./setup-database";
import { ensureProductionBuild } from "./next-build";
import { startNext } from "./next-server";
import { Supervised, type Running } from "./supervisor";
import { warmUp } from "./warm-up";

const dev = process.argv.includes("--dev");
const entry = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** Supervises a child and stops it with the stack; `onGiveUp` says what its staying down means. */
async function supervise(stack: Stack, name: string, start: () => Promise<Running>, onGiveUp?: (reason: string) => void) {
  const child = new Supervised(name, start, log, onGiveUp);
  await child.run();
  stack.push(name, () => child.stop(), () => child.standDown());
}

async function startPostgres(stack: Stack, dataDir: string): Promise<string> {
  log(`starting embedded PostgreSQL (data in ${path.join(dataDir, "postgres")})`);
  let port = 0;
  let url = "";
  // Restarted on the port it first took, so the URL the other children hold stays right.
  await supervise(stack, "PostgreSQL", async () => {
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port });
    port = postgres.port;
    url = postgres.url;
    return postgres;
  });
  return url;
}

async function startEngineChild(stack: Stack, config: Env, dataDir: string): Promise<Record<string, string>> {
  const engineDir = path.join(dataDir, "engine");
  const args = ["--port", String(config.FERRY_ENGINE_PORT), "--data-dir", engineDir, "--region", config.AWS_REGION];
  await supervise(stack, "engine", async () => {
    const engine = spawnTsx(entry("../lib/engine/cli.ts"), args, {}, /Ferry engine ready on/);
    await engine.ready;
    return engine;
  });
  // The engine answers only requests signed with its own credentials: the app, the worker and the seed
  // (this process) read them from its file.
  const engineEnv = { FERRY_ENGINE_CREDENTIALS_FILE: path.join(engineDir, "credentials") };
  Object.assign(process.env, engineEnv);
  const endpoint = `http://127.0.0.1:${config.FERRY_ENGINE_PORT}`;
  await ensureBucket(awsClients({ region: config.AWS_REGION, endpoint, credentials: { kind: "engine", file: engineEnv.FERRY_ENGINE_CREDENTIALS_FILE } }).s3, EMBEDDED_BUCKET);
  log(`embedded AWS engine on ${endpoint} (bucket ${EMBEDDED_BUCKET}, credentials in ${engineEnv.FERRY_ENGINE_CREDENTIALS_FILE})`);
  return engineEnv;
}

async function main(config: Env, stack: Stack) {
  stack.stopOnSignals();
  const dataDir = path.resolve(config.FERRY_DATA_DIR);
  const databaseUrl = config.DATABASE_URL ?? (await startPostgres(stack, dataDir));

  // The engine comes up before seeding: the demo is deployed into it.
  const embeddedEngine = config.FERRY_MODE === "embedded" && !config.FERRY_AWS_ENDPOINT;
  const engineEnv = embeddedEngine ? await startEngineChild(stack, config, dataDir) : {};
  await migrateAndSeed(databaseUrl, config, log);

  // Its own process: a slow AWS call or a crash there never stalls the web server.
  const childEnv = { DATABASE_URL: databaseUrl, ...engineEnv };
  await supervise(stack, "worker", async () => spawnTsx(entry("./worker.ts"), [], childEnv));

  if (!dev) await ensureProductionBuild(log);
  const web = { dev, host: listenHost(config), port: config.PORT, env: { ...childEnv, FERRY_AUTH_SECRET: resolveAuthSecret(config) } };
  let gaveUp: (reason: string) => void = () => undefined;
  const webDown = new Promise<string>((resolve) => (gaveUp = resolve));
  await supervise(
    stack,
    "web server",
    async () => {
      const next = startNext(web);
      await next.ready;
      return next;
    },
    gaveUp,
  );
  const base = `http://localhost:${config.PORT}`;
  await warmUp(base, log);
  log(`Ferry is ready on ${base}`);
  if (config.FERRY_MODE === "embedded") log("sign in as ds@ferry.local, mlops@ferry.local or admin@ferry.local (password ferry-demo)");
  // Without its web server Ferry is of no use: stop the rest and say why.
  const reason = await webDown;
  await stack.stop();
  console.error(`[ferry] stopped: ${reason}`);
  process.exit(1);
}

function log(message: string) {
  console.log(`[ferry] ${message}`);
}

const stack = new Stack();
try {
  await main(parseEnv(process.env), stack);
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  await stack.stop();
  process.exit(1);
}

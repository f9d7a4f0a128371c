/**
 * `npm start` / `npm run dev`: Ferry with everything it needs. On the embedded default (no DATABASE_URL) it
 * runs PostgreSQL and the AWS-compatible engine on this machine, migrates, seeds the demo, then serves Next.
 * Ctrl-C stops everything cleanly; data stays under FERRY_DATA_DIR.
 */
import path from "node:path";
import { EnvError, listenHost, parseEnv, type Env } from "../lib/config/env";
import { resolveAuthSecret } from "../lib/auth/secret";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { startEngine } from "../lib/engine/index";
import { Stack } from "../lib/platform/stack";
import { awsClients } from "../lib/aws/clients";
import { EMBEDDED_BUCKET } from "../lib/environments/embedded";
import { ensureBucket } from "../lib/storage/objects";
import { spawnReconciler } from "../lib/runs/reconciler/process";
import { migrateAndSeed } from "./setup-database";
import { ensureProductionBuild } from "./next-build";
import { startNext } from "./next-server";

const dev = process.argv.includes("--dev");

async function main(config: Env, stack: Stack) {
  stack.stopOnSignals();
  const dataDir = path.resolve(config.FERRY_DATA_DIR);

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    log(`starting embedded PostgreSQL (data in ${path.join(dataDir, "postgres")})`);
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: 0 });
    stack.push("PostgreSQL", () => postgres.stop());
    databaseUrl = postgres.url;
  }

  // The engine comes up before seeding: the demo is deployed into it.
  const engineEnv: Record<string, string> = {};
  if (config.FERRY_MODE === "embedded" && !config.FERRY_AWS_ENDPOINT) {
    const engine = await startEngine({ port: config.FERRY_ENGINE_PORT, dataDir: path.join(dataDir, "engine"), region: config.AWS_REGION });
    stack.push("engine", () => engine.close());
    // The engine answers only requests signed with its own credentials: the app, the reconciler and the seed
    // (this process) read them from its file.
    engineEnv.FERRY_ENGINE_CREDENTIALS_FILE = engine.credentialsFile;
    process.env.FERRY_ENGINE_CREDENTIALS_FILE = engine.credentialsFile;
    await ensureBucket(awsClients({ region: config.AWS_REGION, endpoint: engine.endpoint, credentials: { kind: "engine", file: engine.credentialsFile } }).s3, EMBEDDED_BUCKET);
    log(`embedded AWS engine on ${engine.endpoint} (bucket ${EMBEDDED_BUCKET}, credentials in ${engine.credentialsFile})`);
  }
  await migrateAndSeed(databaseUrl, config, log);

  // Its own process: a slow AWS call or a crash there never stalls the web server.
  const reconciler = spawnReconciler({ DATABASE_URL: databaseUrl, ...engineEnv });
  stack.push("reconciler", () => reconciler.stop());

  if (!dev) await ensureProductionBuild(log);
  const next = startNext({
    dev,
    host: listenHost(config),
    port: config.PORT,
    env: { DATABASE_URL: databaseUrl, FERRY_AUTH_SECRET: resolveAuthSecret(config), ...engineEnv },
  });
  stack.push("web server", () => next.stop());
  await next.ready;
  log(`Ferry is ready on http://localhost:${config.PORT}`);
  if (config.FERRY_MODE === "embedded") log("sign in as ds@ferry.local, mlops@ferry.local or admin@ferry.local (password ferry-demo)");
  await next.exited;
  await stack.stop();
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

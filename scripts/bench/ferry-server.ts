/**
 * The whole of Ferry as `npm start` runs it (embedded PostgreSQL, engine, worker, production Next server), in a
 * child process on its own data directory and ports, for benchmarks that drive it over HTTP. The build is the
 * checkout's (FERRY_NEXT_DIST_DIR or .next); a missing or stale one is built first, as `npm start` does.
 */
import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type FerryServer = {
  base: string;
  dataDir: string;
  readyMs: number;
  /** npm start's own lines ([ferry] …: restarts, give-ups) since it started. */
  supervisorLog(): string[];
  databaseUrl(): Promise<string>;
  stop(): Promise<void>;
};

export async function newDataDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `ferry-bench-${label}-`));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as another user and must enter this directory
  return dir;
}

/** Starts `npm start` on `dataDir` and resolves once it says it is ready (after warming up, unless told not to). */
export function startFerry(options: { dataDir: string; port: number; enginePort: number; warmUp?: boolean; env?: Record<string, string> }): Promise<FerryServer> {
  const args = ["--import", "tsx", path.join(ROOT, "scripts/start.ts"), ...(options.warmUp === false ? ["--no-warm-up"] : [])];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(options.port),
      FERRY_ENGINE_PORT: String(options.enginePort),
      FERRY_DATA_DIR: options.dataDir,
      FERRY_MODE: "embedded",
      // Empty means unset: never a developer's database, endpoint or base URL.
      DATABASE_URL: "",
      FERRY_AWS_ENDPOINT: "",
      FERRY_BASE_URL: "",
      FERRY_AUTH_SECRET: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const base = `http://localhost:${options.port}`;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (!/Ferry is ready on/.test(chunk.toString())) return;
      resolve({
        base,
        dataDir: options.dataDir,
        readyMs: performance.now() - started,
        supervisorLog: () => output.join("").split("\n").filter((line) => line.startsWith("[ferry]")),
        async databaseUrl() {
          const pid = await readFile(path.join(options.dataDir, "postgres", "postmaster.pid"), "utf8");
          return `postgresql://postgres:ferry-local@127.0.0.1:${pid.split("\n")[3]?.trim()}/ferry`;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited;
        },
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => reject(new Error(`npm start exited before it was ready:\n${output.join("").slice(-4000)}`)));
  });
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}

// Real processes for the scale tests: the engine (lib/engine/cli.ts) and workers (scripts/worker.ts), each a
// child that a test can kill -9 and start again on the same port and data.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SFNClient } from "@aws-sdk/client-sfn";
import { formatCredentialsFile } from "@/lib/engine/auth/credentials-file";
import { TEST_CREDENTIALS, TEST_REGION, type TestEngine } from "../engine/harness";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type Proc = { child: ChildProcess; output: string[]; exited: Promise<void> };

export function spawnProcess(entry: string, args: string[], env: Record<string, string>, readyWhen?: RegExp): Promise<Proc> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, entry), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (readyWhen?.test(chunk.toString())) resolve({ child, output, exited });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then(() => reject(new Error(`${entry} exited before it was ready:\n${output.join("")}`)));
    if (!readyWhen) resolve({ child, output, exited });
  });
}

export async function kill9(proc: Proc): Promise<void> {
  proc.child.kill("SIGKILL");
  await proc.exited;
}

export async function stopGracefully(proc: Proc | null): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill("SIGTERM");
  await proc.exited;
}

/** The engine as its own process, on a fixed port and data folder, signing with the test credentials. */
export async function engineProcess(dataDir: string, port: number): Promise<Proc> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, "credentials"), formatCredentialsFile(TEST_CREDENTIALS), { mode: 0o600 });
  return spawnProcess("lib/engine/cli.ts", ["--port", String(port), "--data-dir", dataDir, "--region", TEST_REGION], {}, /Ferry engine ready on/);
}

/** Clients for an engine running in another process, shaped as the in-process harness's. */
export function remoteEngine(port: number, dataDir: string): TestEngine {
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = (credentials = TEST_CREDENTIALS) => ({ endpoint, region: TEST_REGION, credentials });
  const sfn = new SFNClient(clientConfig());
  const sagemaker = new SageMakerClient(clientConfig());
  const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
  return {
    endpoint,
    dataDir,
    sfn,
    sagemaker,
    s3,
    clientConfig,
    close: async () => {
      for (const client of [sfn, sagemaker, s3]) client.destroy();
    },
  };
}

/** A worker process with the short timings of the scale tests. */
export function workerProcess(databaseUrl: string, settings: Record<string, string>): Promise<Proc> {
  return spawnProcess("scripts/worker.ts", [], { DATABASE_URL: databaseUrl, ...settings }, /started: reconciling runs/);
}

import { spawn } from "node:child_process";
import type { ExitStatus } from "../lib/db/embedded-postgres";

export type Child = { pid: number; ready: Promise<void>; exited: Promise<ExitStatus>; stop(): Promise<void> };

/**
 * A TypeScript entry point as a child process (node --import tsx), its output passed through; `ready` resolves
 * when a line matches `readyWhen` (or at once without one) and rejects if it exits first.
 */
export function spawnTsx(entry: string, args: string[], env: Record<string, string>, readyWhen?: RegExp): Child {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<ExitStatus>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    if (!readyWhen) resolve();
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (readyWhen?.test(chunk.toString())) resolve();
    });
    void exited.then((status) => reject(new Error(`${entry} exited (${status.signal ?? `code ${status.code}`}) before it was ready`)));
  });
  // A rejection nobody awaits (a child that was never waited for) is not a crash of `npm start`.
  ready.catch(() => undefined);
  return {
    pid: child.pid ?? 0,
    ready,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

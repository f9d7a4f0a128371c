import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Runs `next start` (or `next dev`) as a child and reports when it serves. */
export function startNext(options: { dev: boolean; host: string; port: number; env: Record<string, string> }) {
  const child = spawn(process.execPath, [nextBin, options.dev ? "dev" : "start", "--hostname", options.host, "--port", String(options.port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (/Ready in|ready started|Local:/.test(chunk.toString())) resolve();
    });
    child.once("exit", (code) => reject(new Error(`Next.js exited with code ${code} before it was ready`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    ready,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

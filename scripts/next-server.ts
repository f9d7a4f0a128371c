import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// Ferry's own server around Next (lib/http/server.ts): it sets X-Forwarded-For from the socket.
const server = fileURLToPath(new URL("../lib/http/server.ts", import.meta.url));

/** Runs Next.js (production, or dev with --dev) as a child and reports when it serves. */
export function startNext(options: { dev: boolean; host: string; port: number; env: Record<string, string> }) {
  const args = ["--import", "tsx", server, ...(options.dev ? ["--dev"] : []), "--hostname", options.host, "--port", String(options.port)];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (/Ready on|Ready in|ready started|Local:/.test(chunk.toString())) resolve();
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

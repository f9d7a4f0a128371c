import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("../../../scripts/reconciler.ts", import.meta.url));

/**
 * Launches scripts/reconciler.ts as a child process (for scripts/start.ts): its own process, so a slow AWS
 * call or a crash never stalls the web server, and it can be scaled or restarted alone. `env` must carry
 * DATABASE_URL. Stop it with stop(); it finishes the syncs in flight first.
 */
export function spawnReconciler(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

import { fileURLToPath } from "node:url";
import { spawnTsx } from "./child";

// Ferry's own server around Next (lib/http/server.ts): it sets X-Forwarded-For from the socket.
const server = fileURLToPath(new URL("../lib/http/server.ts", import.meta.url));

/** Runs Next.js (production, or dev with --dev) as a child and reports when it serves. */
export function startNext(options: { dev: boolean; host: string; port: number; env: Record<string, string> }) {
  const args = [...(options.dev ? ["--dev"] : []), "--hostname", options.host, "--port", String(options.port)];
  return spawnTsx(server, args, { NEXT_TELEMETRY_DISABLED: "1", ...options.env }, /Ready on|Ready in|ready started|Local:/);
}

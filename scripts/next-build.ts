import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.js", "package-lock.json", "postcss.config.mjs"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** `npm start` serves a production build; it builds only when sources are newer than the last build. */
export async function ensureProductionBuild(log: (message: string) => void) {
  const buildId = path.join(process.env.FERRY_NEXT_DIST_DIR || ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newestMtime))) return;
  log(built ? "sources changed since the last build: rebuilding (about a minute)…" : "building Ferry for the first time (about a minute)…");
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error("next build failed; see the output above");
}

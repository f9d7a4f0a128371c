/** What every benchmark shares: medians, timing, a throwaway migrated PostgreSQL, and the results file. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrate } from "../../lib/db/migrate";

const MIGRATIONS = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** An embedded PostgreSQL with Ferry's schema in a temp folder; stop() removes all of it. */
export async function benchDatabase(label: string) {
  const root = await mkdtemp(path.join(os.tmpdir(), `ferry-bench-${label}-`));
  await chmod(root, 0o755); // as root, PostgreSQL runs as another user and must enter this directory
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, "data"), port: 0, database: "ferry_bench" });
  await migrate(server.url, MIGRATIONS);
  return {
    url: server.url,
    async stop() {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** bench-results/<name>.json, read by people and by later runs for comparison. */
export async function writeResults(name: string, results: unknown): Promise<void> {
  await mkdir("bench-results", { recursive: true });
  await writeFile(path.join("bench-results", `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
}

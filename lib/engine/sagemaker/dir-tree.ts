import { mkdir } from "node:fs/promises";
import path from "node:path";

/**
 * Creates every folder in `dirs` (all strictly under `base`, which exists), parents before children and each
 * level's folders at once. A job's fresh /opt/ml tree is a dozen new folders up to seven levels deep;
 * `mkdir -p` on each leaf would climb up through the missing parents and back down, one thread-pool trip per
 * step, and that latency sits between a job's creation and its container's start.
 *
 * Folders that already exist are kept. mkdir follows links on the way, so the caller removes whatever a job
 * may have left at these paths first.
 */
export async function makeDirTree(base: string, dirs: string[]): Promise<void> {
  const levels: Array<Set<string>> = [];
  for (const dir of dirs) {
    const parts = path.relative(base, dir).split(path.sep).filter(Boolean);
    if (parts.length === 0 || parts[0] === "..") throw new Error(`${dir} is not under ${base}`);
    parts.forEach((_, i) => (levels[i] ??= new Set()).add(path.join(base, ...parts.slice(0, i + 1))));
  }
  for (const level of levels) {
    await Promise.all(
      [...level].map((dir) =>
        mkdir(dir).catch((error: unknown) => {
          if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
        }),
      ),
    );
  }
}

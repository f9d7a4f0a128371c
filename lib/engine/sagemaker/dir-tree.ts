import { mkdir } from "node:fs/promises";
import path from "node:path";

/**
 * Creates every folder in `dirs` (all strictly under `base`, which exists), parents before children and each
 * level's folders at once. A job's fresh /opt/ml tree is a dozen new folders up to seven levels deep;
 * `mkdir -p` on each leaf would climb up through the missing parents and back down, one thread-pool trip per
 * step, and that latency sits between a job's creation and its container's start.
 *
 * Returns the folders that already existed: a leftover tree is the caller's business.
 */
export async function makeDirTree(base: string, dirs: string[]): Promise<Set<string>> {
  const levels: Array<Set<string>> = [];
  for (const dir of dirs) {
    const parts = path.relative(base, dir).split(path.sep).filter(Boolean);
    if (parts.length === 0 || parts[0] === "..") throw new Error(`${dir} is not under ${base}`);
    parts.forEach((_, i) => (levels[i] ??= new Set()).add(path.join(base, ...parts.slice(0, i + 1))));
  }
  const existing = new Set<string>();
  for (const level of levels) {
    await Promise.all(
      [...level].map((dir) =>
        mkdir(dir).catch((error: unknown) => {
          if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
          existing.add(dir);
        }),
      ),
    );
  }
  return existing;
}

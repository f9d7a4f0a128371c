import { readdir, readFile, readlink, stat } from "node:fs/promises";
import { listTree } from "./hostile-tree";
import type { JobLimits } from "./limits";
import { descendants } from "./process-tree";

export type LimitBreach =
  | { limit: "memory"; usedBytes: number }
  | { limit: "volume"; usedBytes: number }
  | { limit: "processes"; count: number };

/** Memory moves fast (a loop can touch gigabytes a second), so it is checked more often than the disk. */
const MEMORY_INTERVAL_MS = 250;
const DISK_INTERVAL_MS = 1000;

export interface UsageWatch {
  stop(): void;
}

/**
 * Where the kernel cannot hold a job to its limits by itself (no delegated cgroup), the engine watches: the
 * proportional memory of all the job's processes together, how many there are, and the disk its /opt/ml
 * takes (files the job deleted but still holds open included). The first limit exceeded is reported once.
 */
export function watchUsage(opts: { rootPid: number; optMlDir: string; limits: JobLimits; onBreach(breach: LimitBreach): void }): UsageWatch {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const report = (breach: LimitBreach | undefined) => {
    if (!breach || stopped) return false;
    stopped = true;
    opts.onBreach(breach);
    return true;
  };
  const loop = (check: () => Promise<LimitBreach | undefined>, interval: (tookMs: number) => number) => {
    const schedule = (delay: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        const began = performance.now();
        void check()
          .catch(() => undefined)
          .then((breach) => {
            if (!report(breach) && !stopped) schedule(interval(performance.now() - began));
          });
      }, delay);
      timers.add(timer);
    };
    schedule(interval(0));
  };
  loop(() => checkProcesses(opts.rootPid, opts.limits), () => MEMORY_INTERVAL_MS);
  // A tree of many files takes a while to walk: the walks never take more than a twentieth of the time.
  loop(() => checkDisk(opts.rootPid, opts.optMlDir, opts.limits), (tookMs) => Math.max(DISK_INTERVAL_MS, tookMs * 20));
  return {
    stop: () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

async function checkProcesses(rootPid: number, limits: JobLimits): Promise<LimitBreach | undefined> {
  const pids = await descendants(rootPid);
  if (pids.length >= limits.processes) return { limit: "processes", count: pids.length };
  const usedBytes = (await Promise.all(pids.map(proportionalSetSize))).reduce((a, b) => a + b, 0);
  return usedBytes > limits.memoryBytes ? { limit: "memory", usedBytes } : undefined;
}

/** A process's share of the memory it uses: pages shared with its forks count once across them. */
async function proportionalSetSize(pid: number): Promise<number> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => "");
  const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

async function checkDisk(rootPid: number, optMlDir: string, limits: JobLimits): Promise<LimitBreach | undefined> {
  const [tree, hidden] = await Promise.all([listTree(optMlDir), deletedOpenFiles(rootPid)]);
  const usedBytes = tree.allocated + hidden;
  return usedBytes > limits.volumeBytes ? { limit: "volume", usedBytes } : undefined;
}

/** Space held by files under /opt/ml that the job deleted but keeps open (they still fill the disk). */
async function deletedOpenFiles(rootPid: number): Promise<number> {
  const seen = new Set<number>();
  let bytes = 0;
  for (const pid of await descendants(rootPid)) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      if (!target.startsWith("/opt/ml/") || !target.endsWith(" (deleted)")) continue;
      const file = await stat(`/proc/${pid}/fd/${fd}`).catch(() => undefined);
      if (!file || file.nlink > 0 || seen.has(file.ino)) continue;
      seen.add(file.ino);
      bytes += file.blocks * 512;
    }
  }
  return bytes;
}

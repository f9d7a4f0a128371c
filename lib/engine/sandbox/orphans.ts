import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { descendants } from "./process-tree";

/**
 * Kills the sandboxes a previous engine on the same data left running: one killed -9 (or by the OOM killer)
 * supervises nothing any more, so its jobs would run on past every limit, and a job that never writes to its
 * closed output for ever. A sandbox is a bubblewrap process binding a job folder under `jobsRoot` as its
 * /opt/ml (bwrapArgs); its namespace's init is a fork of it with the same command line, so both are found and
 * everything they started dies with them. Called at start, before the jobs are recovered, while this engine
 * runs none; sandboxes of another engine (another data folder) are not touched. Returns how many were killed.
 */
export async function killOrphanedSandboxes(jobsRoot: string): Promise<number> {
  const root = `${path.resolve(jobsRoot)}${path.sep}`;
  const orphans = new Map<number, string>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "")).split("\0");
    const optMl = sandboxOptMl(argv);
    if (optMl?.startsWith(root)) orphans.set(Number(entry), optMl);
  }
  const pids = [...orphans.keys()];
  for (const pid of [...pids, ...(await Promise.all(pids.map(descendants))).flat()]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  // A bubblewrap and the init it forked are one sandbox: one job folder.
  return new Set(orphans.values()).size;
}

/** The host folder a bubblewrap command line binds as /opt/ml, absolute; undefined for any other process. */
function sandboxOptMl(argv: string[]): string | undefined {
  if (path.basename(argv[0] ?? "") !== "bwrap") return undefined;
  const bind = argv.findIndex((arg, i) => arg === "--bind" && argv[i + 2] === "/opt/ml");
  const source = bind >= 0 ? argv[bind + 1] : undefined;
  return source ? path.resolve(source) : undefined;
}

import { readdir, readFile } from "node:fs/promises";

/**
 * Host pids of every descendant of `root`. The job runs in its own session and PID namespace, so neither a
 * process-group signal nor bwrap itself forwards SIGTERM to it; the engine signals the processes directly,
 * and its usage watcher sums their memory. Reads each process's `children` lists (a few files per process of
 * the job); on kernels built without them, scans every process's parent instead.
 */
export async function descendants(root: number): Promise<number[]> {
  if (!(await hasChildrenFiles())) return scanDescendants(root);
  const found: number[] = [];
  let level = await childrenOf(root);
  while (level.length > 0) {
    found.push(...level);
    level = (await Promise.all(level.map(childrenOf))).flat();
  }
  return found;
}

/** Children of every thread of `pid` ([] once it is gone). */
async function childrenOf(pid: number): Promise<number[]> {
  const threads = await readdir(`/proc/${pid}/task`).catch(() => []);
  const lists = await Promise.all(threads.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, "utf8").catch(() => "")));
  return lists.flatMap((list) => list.split(" ").filter(Boolean).map(Number));
}

let childrenFiles: Promise<boolean> | undefined;

/** CONFIG_PROC_CHILDREN: the engine's own main thread has the file when the kernel provides it. */
function hasChildrenFiles(): Promise<boolean> {
  childrenFiles ??= readFile(`/proc/${process.pid}/task/${process.pid}/children`).then(
    () => true,
    () => false,
  );
  return childrenFiles;
}

async function scanDescendants(root: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // The command name may contain spaces and parentheses; the fields after the last ')' are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!Number.isFinite(ppid)) continue;
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift() ?? -1) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

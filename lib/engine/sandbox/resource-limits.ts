import { readFile } from "node:fs/promises";
import type { JobLimits } from "./limits";

const GIB = 1024 ** 3;
export const JOB_NICENESS = 10;

/**
 * The command bubblewrap is started through: `prlimit` sets the job's rlimits (inherited by everything in
 * the sandbox; a job cannot raise a hard limit), `nice` lowers its CPU priority, and `taskset` pins it to as
 * many CPUs as its instance has, when that is fewer than the engine's. prlimit and taskset are util-linux,
 * present wherever bubblewrap is; nice is coreutils.
 *
 * - RLIMIT_NPROC: processes and threads. The kernel counts them per user namespace (5.14+), so each job's
 *   count is its own; root is exempt, which is why jobs never run as root.
 * - RLIMIT_FSIZE: no single file larger than the volume.
 * - RLIMIT_AS: a backstop for one process mapping far more than the job's memory before the engine's
 *   watcher sees it; generous, because address space is not memory (thread stacks, allocator arenas).
 * - RLIMIT_CORE 0: a crashing job leaves no core file in its volume.
 * - Niceness 10: in AWS a job has its instance to itself; here it shares the host with the catalog, the web
 *   server and the engine, which must stay responsive while jobs run (a busy job still gets every idle cycle).
 *   A job cannot take it back: raising priority needs CAP_SYS_NICE, which it never has, and RLIMIT_NICE is 0.
 */
export function limitedLauncher(limits: JobLimits, cpus: number[] | undefined): string[] {
  const addressSpace = limits.memoryBytes * 2 + 4 * GIB;
  const prlimit = [
    "/usr/bin/prlimit", `--nproc=${limits.processes}`, `--fsize=${limits.volumeBytes}`, `--as=${addressSpace}`, "--core=0", "--nice=0", "--",
    "/usr/bin/nice", "-n", String(JOB_NICENESS),
  ];
  // taskset stops reading options at the CPU list: what follows is the command, as is.
  return cpus ? [...prlimit, "/usr/bin/taskset", "--cpu-list", cpus.join(",")] : prlimit;
}

/**
 * The CPUs a job slot runs on: `vcpus` of the engine's own CPUs, a different window per slot so that
 * concurrent small jobs spread out; undefined when the job may use them all.
 */
export function cpuWindow(allowed: number[], vcpus: number, slot: number): number[] | undefined {
  if (vcpus >= allowed.length) return undefined;
  const start = (slot * vcpus) % allowed.length;
  return Array.from({ length: vcpus }, (_, i) => allowed[(start + i) % allowed.length] ?? 0);
}

/** The CPUs this process may run on (its affinity, e.g. "0-3,8"), as the kernel lists them. */
export async function allowedCpus(): Promise<number[]> {
  const status = await readFile("/proc/self/status", "utf8");
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1] ?? "0";
  return list.split(",").flatMap((range) => {
    const [from, to = from] = range.split("-").map(Number);
    return Array.from({ length: (to ?? 0) - (from ?? 0) + 1 }, (_, i) => (from ?? 0) + i);
  });
}

import { writeFile } from "node:fs/promises";
import { z } from "zod";

/** The job's uid and gid inside its user namespace, whatever host uid they map to. */
export const JOB_UID = 1000;
export const JOB_GID = 1000;

/** Host uids of job slots when the engine runs as root: far above login users and subordinate-uid ranges. */
const DEFAULT_UID_BASE = 2_000_000_000;

/**
 * Who a job is on the host. As root, each job slot has its own unprivileged uid that no login user has, so a
 * job's files and processes belong to nobody else (and, on kernels before 5.14 where RLIMIT_NPROC counts a
 * uid host-wide, its process limit is its own). As a normal user, jobs run as that user: nothing else is
 * possible without privileges, and the user namespace still hides every other uid.
 */
export interface SandboxUser {
  hostUid: number;
  hostGid: number;
  /** The engine is root: it writes the namespace's id maps itself and the job drops to JOB_UID inside. */
  engineIsRoot: boolean;
}

export function sandboxUser(slot: number, env: Record<string, string | undefined> = process.env): SandboxUser {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { hostUid: uid, hostGid: process.getgid?.() ?? uid, engineIsRoot: false };
  const base = z.coerce.number().int().min(1000).max(4_000_000_000).default(DEFAULT_UID_BASE).parse(env.FERRY_ENGINE_JOB_UID_BASE);
  return { hostUid: base + slot, hostGid: base + slot, engineIsRoot: true };
}

/**
 * Writes the id maps of the job's user namespace, which bubblewrap waits for (`--userns-block-fd`).
 *
 * As root the namespace also maps 0 to host root: bubblewrap sets the sandbox up as that root (its mounts,
 * its tmpfs files), and `setpriv` then drops to JOB_UID for good before the job's command runs, with no
 * capabilities, no supplementary groups and no way back (no_new_privs, the seccomp filter). As a normal
 * user only the user's own ids can be mapped, and setgroups must be denied first.
 */
export async function writeIdMaps(pid: number, user: SandboxUser): Promise<void> {
  const proc = `/proc/${pid}`;
  if (user.engineIsRoot) {
    await writeFile(`${proc}/uid_map`, `0 0 1\n${JOB_UID} ${user.hostUid} 1\n`);
    await writeFile(`${proc}/gid_map`, `0 0 1\n${JOB_GID} ${user.hostGid} 1\n`);
    return;
  }
  await writeFile(`${proc}/uid_map`, `${JOB_UID} ${user.hostUid} 1\n`);
  await writeFile(`${proc}/setgroups`, "deny\n");
  await writeFile(`${proc}/gid_map`, `${JOB_GID} ${user.hostGid} 1\n`);
}

/** Run inside the sandbox before the job's command when the engine is root: the last privileged step. */
export function dropToJobUser(user: SandboxUser): string[] {
  if (!user.engineIsRoot) return [];
  return ["/usr/bin/setpriv", `--reuid=${JOB_UID}`, `--regid=${JOB_GID}`, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--"];
}

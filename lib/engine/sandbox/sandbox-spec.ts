import type { JobLimits } from "./limits";
import type { SandboxUser } from "./sandbox-user";

/** Everything needed to start one job's process in its sandbox. */
export interface SandboxSpec {
  /** Host folder bound read-write at /opt/ml: the job's own tree. */
  optMlDir: string;
  /** Read-only binds of image files: host path → absolute path in the sandbox. */
  imageBinds: Array<{ source: string; dest: string }>;
  /** Host interpreter that `python` and `python3` resolve to inside the sandbox. */
  python: string;
  /** Extra read-only host folders the interpreter needs (its prefix when it lives outside /usr). */
  extraReadOnly: string[];
  command: string[];
  workdir: string;
  env: Record<string, string>;
  /** Egress through user-mode networking; the job never shares the host's network namespace. */
  network: boolean;
  user: SandboxUser;
  limits: JobLimits;
}

/** Holds `python` and `python3` symlinks to the configured interpreter, first on PATH. */
export const FERRY_BIN = "/.ferry/bin";
/** Docker's default PATH, which images' `ENV PATH=...:$PATH` lines extend. */
export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
export const SANDBOX_PATH = `${FERRY_BIN}:${DEFAULT_PATH}`;

/**
 * File descriptors bubblewrap gets besides stdio, in this order: it reports the sandbox's pid on INFO, waits
 * on USERNS_BLOCK until the engine has written the id maps, waits on BLOCK (after setting everything up,
 * before running the command) until the network is there, and reads the seccomp program from SECCOMP.
 */
export const SANDBOX_FD = { INFO: 3, USERNS_BLOCK: 4, BLOCK: 5, SECCOMP: 6 } as const;

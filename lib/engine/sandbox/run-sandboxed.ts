import { spawn } from "node:child_process";
import { bwrapArgs, type HostLayout } from "./bwrap-args";
import { descendants } from "./process-tree";
import type { SandboxSpec } from "./sandbox-spec";

export interface SandboxRun {
  /** Resolves when the process and its sandbox are gone. */
  done: Promise<SandboxResult>;
  /** SIGTERM to the job's processes, SIGKILL to the sandbox after the grace period (default: the run's). */
  terminate(graceMs?: number): void;
}

export interface SandboxResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Last bytes of stderr, for the FailureReason. */
  stderrTail: string;
  /** Set when bwrap itself could not start (not the job's own failure). */
  spawnError?: string;
}

const TAIL_BYTES = 4096;

/** Where the job's output goes; the caller owns it (opens it before, closes it after). */
export interface OutputSink {
  write(chunk: Buffer): void;
}

/**
 * Starts `spec` under bubblewrap. stdout and stderr go to `log` as they arrive, so the log can be read while
 * the job runs.
 */
export function runSandboxed(opts: { bwrap: string; spec: SandboxSpec; host: HostLayout; log: OutputSink; killGraceMs: number }): SandboxRun {
  const { log } = opts;
  // The engine's own environment never reaches the job: bwrapArgs ends with --clearenv and the job's variables.
  const child = spawn(opts.bwrap, bwrapArgs(opts.spec, opts.host), { stdio: ["ignore", "pipe", "pipe"] });
  let tail = Buffer.alloc(0);
  child.stdout.on("data", (chunk: Buffer) => log.write(chunk));
  child.stderr.on("data", (chunk: Buffer) => {
    log.write(chunk);
    tail = Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
  });

  let killTimer: NodeJS.Timeout | undefined;
  const done = new Promise<SandboxResult>((resolve) => {
    let spawnError: string | undefined;
    child.on("error", (error) => {
      spawnError = error.message;
      // A process that never started emits no 'close'.
      if (child.pid === undefined) resolve({ exitCode: null, signal: null, stderrTail: "", spawnError });
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(killTimer);
      resolve({ exitCode, signal, stderrTail: tail.toString("utf8"), spawnError });
    });
  });

  const terminate = (graceMs = opts.killGraceMs) => {
    if (child.exitCode !== null || child.signalCode !== null || killTimer) return;
    const pid = child.pid;
    if (pid === undefined) return;
    // Killing bwrap takes the whole sandbox down: --die-with-parent kills its init, and with it the PID namespace.
    killTimer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    void descendants(pid).then((pids) => {
      for (const p of pids) {
        try {
          process.kill(p, "SIGTERM");
        } catch {
          // the process already exited
        }
      }
    });
  };
  return { done, terminate };
}

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
  /** `source` keeps lines whole: stdout and stderr arrive interleaved, each in its own chunks. */
  write(chunk: Buffer, source: "stdout" | "stderr"): void;
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
  child.stdout.on("data", (chunk: Buffer) => log.write(chunk, "stdout"));
  child.stderr.on("data", (chunk: Buffer) => {
    log.write(chunk, "stderr");
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

  let terminating = false;
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  /**
   * Signals the sandbox's processes themselves. Killing bwrap alone is not enough: its init inside the PID
   * namespace can outlive it (ppid 1) with the job still running and holding the output pipes, so `close`
   * would never come. SIGKILL to every descendant takes the init, and with it the whole namespace, down.
   */
  const signalTree = async (pid: number, signal: NodeJS.Signals) => {
    for (const p of await descendants(pid)) {
      try {
        process.kill(p, signal);
      } catch {
        // the process already exited
      }
    }
  };
  const terminate = (graceMs = opts.killGraceMs) => {
    const pid = child.pid;
    if (gone() || terminating || pid === undefined) return;
    terminating = true;
    const kill = async () => {
      if (gone()) return;
      await signalTree(pid, "SIGKILL").catch(() => undefined);
      child.kill("SIGKILL");
    };
    const escalate = () => {
      killTimer = setTimeout(() => void kill(), graceMs);
    };
    void signalTree(pid, "SIGTERM").then(escalate, escalate);
  };
  return { done, terminate };
}

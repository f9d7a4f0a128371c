import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { bwrapArgs, type HostLayout } from "./bwrap-args";
import { startEgressNetwork, type EgressNetwork } from "./egress-network";
import { descendants } from "./process-tree";
import { limitedLauncher } from "./resource-limits";
import { SANDBOX_FD, type SandboxSpec } from "./sandbox-spec";
import { writeIdMaps } from "./sandbox-user";
import { watchUsage, type LimitBreach, type UsageWatch } from "./usage-watcher";

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
  /** Set when the sandbox could not be set up around the job (its id maps, its network); a user-safe reason. */
  setupError?: string;
  /** The limit the job went past; the engine killed it for that. */
  breach?: LimitBreach;
}

const TAIL_BYTES = 4096;

/** Where the job's output goes; the caller owns it (opens it before, closes it after). */
export interface OutputSink {
  /** `source` keeps lines whole: stdout and stderr arrive interleaved, each in its own chunks. */
  write(chunk: Buffer, source: "stdout" | "stderr"): void;
}

export interface SandboxLaunch {
  bwrap: string;
  spec: SandboxSpec;
  host: HostLayout;
  /** The compiled seccomp program (seccomp.ts). */
  seccomp: Buffer;
  /** CPUs to pin the job to; undefined for all of the engine's. */
  cpus: number[] | undefined;
  log: OutputSink;
  killGraceMs: number;
}

/**
 * Starts `spec` under bubblewrap. stdout and stderr go to `log` as they arrive, so the log can be read while
 * the job runs. bubblewrap reports the sandbox's pid, waits for the engine to write the id maps of the job's
 * user namespace, then (everything mounted, the seccomp filter loaded) waits again until the job's network,
 * if any, is up; only then does the job's command run. From then on the engine watches its usage.
 */
export function runSandboxed(opts: SandboxLaunch): SandboxRun {
  const { log, spec } = opts;
  const [launcher, ...launcherArgs] = [...limitedLauncher(spec.limits, opts.cpus), opts.bwrap, ...bwrapArgs(spec, opts.host)];
  // The engine's own environment never reaches the job: bwrapArgs ends with --clearenv and the job's variables.
  const child = spawn(launcher ?? opts.bwrap, launcherArgs, { stdio: ["ignore", "pipe", "pipe", "pipe", "pipe", "pipe", "pipe"] });
  const fdSocket = (fd: number) => {
    const socket = child.stdio[fd] as Socket;
    // bwrap may be gone before a write lands (it failed to start): that is reported by its exit, not here.
    socket.on("error", () => undefined);
    return socket;
  };
  const [info, usernsBlock, block, seccomp] = [SANDBOX_FD.INFO, SANDBOX_FD.USERNS_BLOCK, SANDBOX_FD.BLOCK, SANDBOX_FD.SECCOMP].map(fdSocket) as [Socket, Socket, Socket, Socket];
  seccomp.end(opts.seccomp);

  let tail = Buffer.alloc(0);
  child.stdout?.on("data", (chunk: Buffer) => log.write(chunk, "stdout"));
  child.stderr?.on("data", (chunk: Buffer) => {
    log.write(chunk, "stderr");
    tail = Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
  });

  let setupError: string | undefined;
  let breach: LimitBreach | undefined;
  let network: EgressNetwork | undefined;
  let watch: UsageWatch | undefined;
  const setUp = async () => {
    const pid = await sandboxPid(info);
    await writeIdMaps(pid, spec.user);
    usernsBlock.end("1");
    if (spec.network) network = await startEgressNetwork(pid);
    if (child.pid === undefined || gone()) return;
    watch = watchUsage({
      rootPid: child.pid,
      optMlDir: spec.optMlDir,
      limits: spec.limits,
      onBreach: (found) => {
        breach = found;
        terminate(0);
      },
    });
    block.end("1");
  };

  let killTimer: NodeJS.Timeout | undefined;
  const done = new Promise<SandboxResult>((resolve) => {
    let spawnError: string | undefined;
    const settle = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(killTimer);
      watch?.stop();
      network?.stop();
      for (const socket of [info, usernsBlock, block]) socket.destroy();
      resolve({ exitCode, signal, stderrTail: tail.toString("utf8"), spawnError, setupError, breach });
    };
    child.on("error", (error) => {
      spawnError = error.message;
      // A process that never started emits no 'close'.
      if (child.pid === undefined) settle(null, null);
    });
    child.on("close", settle);
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
    if (graceMs === 0) return void kill();
    const escalate = () => {
      killTimer = setTimeout(() => void kill(), graceMs);
    };
    void signalTree(pid, "SIGTERM").then(escalate, escalate);
  };

  setUp().catch((error: unknown) => {
    setupError = error instanceof Error ? error.message : String(error);
    terminate(0);
  });
  return { done, terminate };
}

/**
 * The pid bubblewrap reports on its info descriptor. Only its first report counts (the job could write to the
 * descriptor later); the rest is read and dropped. Closing it early would kill bwrap with SIGPIPE while it
 * still writes the namespace ids after the pid.
 */
function sandboxPid(info: Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const pid = /"child-pid":\s*(\d+)/.exec(text)?.[1];
      if (!pid) return;
      info.off("data", onData);
      info.resume();
      resolve(Number(pid));
    };
    info.on("data", onData);
    info.once("close", () => reject(new Error("bubblewrap ended before reporting its sandbox")));
  });
}

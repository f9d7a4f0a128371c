import path from "node:path";
import type { RunnableImage } from "../images/registry";
import { HostileTreeError, listTree, readCapped, resolveFolder } from "../sandbox/hostile-tree";
import type { JobLimits } from "../sandbox/limits";
import { cpuWindow } from "../sandbox/resource-limits";
import { runSandboxed, type SandboxResult } from "../sandbox/run-sandboxed";
import type { SandboxHost } from "../sandbox/sandbox-host";
import type { SandboxUser } from "../sandbox/sandbox-user";
import type { LimitBreach } from "../sandbox/usage-watcher";
import { mark } from "../trace";
import { algorithmError, clip, limitExceeded, limitHint, REASON_LIMIT, runtimeExceeded } from "./failure-reason";
import type { JobLog } from "./job-log";
import type { JobRecord } from "./job-record";
import type { Workspace } from "./job-workspace";

/** SageMaker's default when a request has no StoppingCondition: one day. */
export const DEFAULT_MAX_RUNTIME_SECONDS = 86_400;

/** What the service and the runner share about a job in flight. */
export interface JobControl {
  stopRequested: boolean;
  /** The engine is shutting down: the job is killed and failed with that cause. */
  closing: boolean;
  terminate?: (graceMs?: number) => void;
}

export type ContainerResult = { outcome: "exited" | "timeout" | "stopped"; sandbox: SandboxResult };

export interface ContainerLaunch {
  name: string;
  record: JobRecord;
  image: RunnableImage;
  command: string[];
  workspace: Workspace;
  python: { executable: string; extraReadOnly: string[] };
  network: boolean;
  host: SandboxHost;
  user: SandboxUser;
  /** The job's slot among those running at once: its host uid and its CPUs. */
  slot: number;
  limits: JobLimits;
  log: JobLog;
}

/** Runs the job's command in its sandbox until it exits, is stopped, or exceeds MaxRuntimeInSeconds. */
export async function runContainer(launch: ContainerLaunch, control: JobControl): Promise<ContainerResult> {
  const { record, image, workspace, python, log, host } = launch;
  mark(launch.name, "job.spawning");
  const run = runSandboxed({
    bwrap: host.bwrap,
    host: host.layout,
    seccomp: host.seccomp,
    cpus: cpuWindow(host.cpus, launch.limits.vcpus, launch.slot),
    log,
    killGraceMs: host.killGraceMs,
    spec: {
      optMlDir: workspace.optMlDir,
      imageBinds: workspace.imageBinds,
      python: python.executable,
      extraReadOnly: python.extraReadOnly,
      command: launch.command,
      workdir: image.workdir,
      env: { ...image.env, ...record.request.Environment },
      network: launch.network,
      user: launch.user,
      limits: launch.limits,
    },
  });
  mark(launch.name, "job.spawned");
  control.terminate = run.terminate;
  // A stop or shutdown that arrived while the sandbox was being set up.
  if (control.closing) run.terminate(0);
  else if (control.stopRequested) run.terminate();
  let timedOut = false;
  const limit = record.request.StoppingCondition?.MaxRuntimeInSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS;
  const timer = setTimeout(() => {
    timedOut = true;
    run.terminate();
  }, limit * 1000);
  const sandbox = await run.done.finally(() => clearTimeout(timer));
  mark(launch.name, "job.exited");
  sandbox.breach ??= await volumeBreach(workspace.optMlDir, launch.limits);
  control.terminate = undefined;
  log.line(`container exited (code ${sandbox.exitCode ?? "none"}${sandbox.signal ? `, signal ${sandbox.signal}` : ""})`);
  return { outcome: control.stopRequested ? "stopped" : timedOut ? "timeout" : "exited", sandbox };
}

/**
 * The watcher looks at the disk once a second; a job that fills it faster and exits in between is caught
 * here, before anything it wrote is uploaded.
 */
async function volumeBreach(optMlDir: string, limits: JobLimits): Promise<LimitBreach | undefined> {
  const usedBytes = (await listTree(optMlDir).catch(() => undefined))?.allocated ?? 0;
  return usedBytes > limits.volumeBytes ? { limit: "volume", usedBytes } : undefined;
}

/** The job's terminal state from how its container ended. */
export function verdict(result: ContainerResult, record: JobRecord, limits: JobLimits): Partial<JobRecord> {
  const { sandbox } = result;
  const failed = (failureReason: string) => ({ status: "Failed" as const, failureReason });
  if (result.outcome === "stopped") return { status: "Stopped" };
  if (sandbox.breach) return failed(limitExceeded(sandbox.breach, limits, record.request.ProcessingResources.ClusterConfig.InstanceType));
  if (result.outcome === "timeout") {
    // "After the condition is met, the processing job is stopped" (ProcessingStoppingCondition).
    return { status: "Stopped", failureReason: runtimeExceeded(record.request.StoppingCondition?.MaxRuntimeInSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS) };
  }
  if (sandbox.spawnError) return failed(clip(`InternalServerError: could not start the sandbox: ${sandbox.spawnError}`));
  if (sandbox.setupError) {
    const reason = sandbox.setupError.startsWith("ClientError") ? sandbox.setupError : `InternalServerError: could not set up the sandbox: ${sandbox.setupError}. ${sandbox.stderrTail.trim()}`;
    return failed(clip(reason));
  }
  if (sandbox.exitCode === 0) return { status: "Completed" };
  return failed(algorithmError(sandbox.exitCode ?? 128, sandbox.stderrTail, limitHint(sandbox.stderrTail, limits)));
}

/**
 * The first 1 KB of /opt/ml/output/message, which SageMaker returns as ExitMessage. The job wrote that
 * path: a link, a FIFO or a hard link there is not read, and the log says so.
 */
export async function exitMessage(optMlDir: string, log: (line: string) => void): Promise<string | undefined> {
  const folder = await resolveFolder(optMlDir, "output").catch((error: unknown) => {
    if (!(error instanceof HostileTreeError)) throw error;
    if (error.problem !== "does not exist") log(`exit message not read: /opt/ml/${error.relative} ${error.problem}`);
  });
  if (!folder) return undefined;
  const read = await readCapped(path.join(folder, "message"), REASON_LIMIT);
  if ("bytes" in read) return read.bytes.toString("utf8");
  if (read.refused !== "missing") log(`exit message not read: /opt/ml/output/message is a ${read.refused}`);
  return undefined;
}

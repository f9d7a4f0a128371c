import { open } from "node:fs/promises";
import path from "node:path";
import type { RunnableImage } from "../images/registry";
import type { HostLayout } from "../sandbox/bwrap-args";
import { runSandboxed, type SandboxResult } from "../sandbox/run-sandboxed";
import { mark } from "../trace";
import { algorithmError, clip, REASON_LIMIT, runtimeExceeded } from "./failure-reason";
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
  bwrap: string;
  host: HostLayout;
  killGraceMs: number;
  log: JobLog;
}

/** Runs the job's command in its sandbox until it exits, is stopped, or exceeds MaxRuntimeInSeconds. */
export async function runContainer(launch: ContainerLaunch, control: JobControl): Promise<ContainerResult> {
  const { record, image, workspace, python, log } = launch;
  mark(launch.name, "job.spawning");
  const run = runSandboxed({
    bwrap: launch.bwrap,
    host: launch.host,
    log,
    killGraceMs: launch.killGraceMs,
    spec: {
      optMlDir: workspace.optMlDir,
      imageBinds: workspace.imageBinds,
      python: python.executable,
      extraReadOnly: python.extraReadOnly,
      command: launch.command,
      workdir: image.workdir,
      env: { ...image.env, ...record.request.Environment },
      network: launch.network,
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
  control.terminate = undefined;
  log.line(`container exited (code ${sandbox.exitCode ?? "none"}${sandbox.signal ? `, signal ${sandbox.signal}` : ""})`);
  return { outcome: control.stopRequested ? "stopped" : timedOut ? "timeout" : "exited", sandbox };
}

/** The job's terminal state from how its container ended. */
export function verdict(result: ContainerResult, record: JobRecord): Partial<JobRecord> {
  const { sandbox } = result;
  if (result.outcome === "stopped") return { status: "Stopped" };
  if (result.outcome === "timeout") {
    // "After the condition is met, the processing job is stopped" (ProcessingStoppingCondition).
    return { status: "Stopped", failureReason: runtimeExceeded(record.request.StoppingCondition?.MaxRuntimeInSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS) };
  }
  if (sandbox.spawnError) return { status: "Failed", failureReason: clip(`InternalServerError: could not start the sandbox: ${sandbox.spawnError}`) };
  if (sandbox.exitCode === 0) return { status: "Completed" };
  return { status: "Failed", failureReason: algorithmError(sandbox.exitCode ?? 128, sandbox.stderrTail) };
}

/** The first 1 KB of /opt/ml/output/message, which SageMaker returns as ExitMessage. */
export async function exitMessage(optMlDir: string): Promise<string | undefined> {
  const file = await open(path.join(optMlDir, "output", "message")).catch(() => undefined);
  if (!file) return undefined;
  try {
    const buffer = Buffer.alloc(REASON_LIMIT);
    const { bytesRead } = await file.read(buffer, 0, REASON_LIMIT, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await file.close();
  }
}

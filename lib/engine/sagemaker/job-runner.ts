import { appendFile, open } from "node:fs/promises";
import path from "node:path";
import type { ObjectStore } from "../contracts";
import type { ImageRegistry, RunnableImage } from "../images/registry";
import type { HostLayout } from "../sandbox/bwrap-args";
import { bwrapAvailable, bwrapMissingMessage } from "../sandbox/bwrap-available";
import { resolvePython } from "../sandbox/host-layout";
import { runSandboxed, type SandboxResult } from "../sandbox/run-sandboxed";
import { algorithmError, clip, REASON_LIMIT, runtimeExceeded } from "./failure-reason";
import { jobCommand } from "./job-command";
import { downloadInputs } from "./job-inputs";
import { createOutputDirs, uploadOutputs } from "./job-outputs";
import type { JobRecord } from "./job-record";
import type { JobStore } from "./job-store";
import { prepareWorkspace, removeWorkspace } from "./job-workspace";

/** SageMaker's default when a request has no StoppingCondition: one day. */
const DEFAULT_MAX_RUNTIME_SECONDS = 86_400;

export interface RunnerContext {
  store: JobStore;
  objects: ObjectStore;
  images: ImageRegistry;
  bwrap: string;
  host: () => Promise<HostLayout>;
  killGraceMs: number;
  /** Records a terminal state and wakes waiters. */
  finish(name: string, change: Partial<JobRecord>): Promise<void>;
}

/** What the service and the runner share about a job in flight. */
export interface JobControl {
  stopRequested: boolean;
  /** The engine is shutting down: the job is killed and failed with that cause. */
  closing: boolean;
  terminate?: (graceMs?: number) => void;
}

const ENGINE_STOPPED = "InternalServerError: the engine shut down while the job was running; start it again under a new name.";

/** Runs one queued job to a terminal state: workspace, inputs, sandboxed container, outputs. */
export async function runJob(ctx: RunnerContext, name: string, control: JobControl): Promise<void> {
  const record = ctx.store.get(name);
  if (!record || record.status !== "InProgress" || control.stopRequested) return;
  const log = (line: string) => appendFile(ctx.store.logPath(name), `[ferry] ${line}\n`);
  try {
    await ctx.store.update(name, { phase: "preparing" });
    await log(`job ${name} starting`);
    if (!(await bwrapAvailable(ctx.bwrap))) return await ctx.finish(name, { status: "Failed", failureReason: bwrapMissingMessage(ctx.bwrap) });
    const image = ctx.images.resolve(record.request.AppSpecification.ImageUri);
    if ("error" in image) return await ctx.finish(name, { status: "Failed", failureReason: image.error });
    await log(`image: ${image.description}`);
    for (const skipped of image.skipped) await log(`skipped (not executed here; its packages must exist on the host): ${skipped}`);
    const command = jobCommand(record.request.AppSpecification, image);
    if (command.length === 0) {
      return await ctx.finish(name, { status: "Failed", failureReason: `ClientError: the image ${record.request.AppSpecification.ImageUri} has no ENTRYPOINT or CMD and the request has no ContainerEntrypoint.` });
    }

    const workspace = await prepareWorkspace(ctx.store.jobDir(name), record.request, image);
    await downloadInputs(record.request, workspace.optMlDir, ctx.objects, log);
    await createOutputDirs(record.request, workspace.optMlDir);
    if (control.stopRequested || control.closing) return await settleInterrupted(ctx, name, control);

    const result = await runContainer(ctx, name, record, image, command, workspace, control, log);
    if (control.closing) return await ctx.finish(name, { status: "Failed", failureReason: ENGINE_STOPPED, exitMessage: await exitMessage(workspace.optMlDir) });
    const succeeded = result.outcome === "exited" && result.sandbox.exitCode === 0;
    if (!control.stopRequested && result.outcome !== "timeout") {
      await ctx.store.update(name, { phase: "uploading" });
      await uploadOutputs(record.request, workspace.optMlDir, succeeded, ctx.objects, log);
    }
    await ctx.finish(name, { ...verdict(result, record), exitMessage: await exitMessage(workspace.optMlDir) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await log(`failed: ${message}`).catch(() => undefined);
    await ctx.finish(name, { status: "Failed", failureReason: clip(message.startsWith("ClientError") ? message : `ClientError: ${message}`) });
  } finally {
    await removeWorkspace(ctx.store.jobDir(name));
  }
}

type ContainerResult = { outcome: "exited" | "timeout" | "stopped"; sandbox: SandboxResult };

async function runContainer(
  ctx: RunnerContext,
  name: string,
  record: JobRecord,
  image: RunnableImage,
  command: string[],
  workspace: Awaited<ReturnType<typeof prepareWorkspace>>,
  control: JobControl,
  log: (line: string) => Promise<void>,
): Promise<ContainerResult> {
  const python = await resolvePython(image.python);
  const network = record.request.NetworkConfig?.EnableNetworkIsolation === false;
  await log(`command: ${JSON.stringify(command)} in ${image.workdir}, network ${network ? "allowed" : "denied"}`);
  await ctx.store.update(name, { phase: "running", processingStartTime: Date.now() });
  const run = runSandboxed({
    bwrap: ctx.bwrap,
    host: await ctx.host(),
    logPath: ctx.store.logPath(name),
    killGraceMs: ctx.killGraceMs,
    spec: {
      optMlDir: workspace.optMlDir,
      imageBinds: workspace.imageBinds,
      python: python.executable,
      extraReadOnly: python.extraReadOnly,
      command,
      workdir: image.workdir,
      env: { ...image.env, ...record.request.Environment },
      network,
    },
  });
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
  control.terminate = undefined;
  await log(`container exited (code ${sandbox.exitCode ?? "none"}${sandbox.signal ? `, signal ${sandbox.signal}` : ""})`);
  return { outcome: control.stopRequested ? "stopped" : timedOut ? "timeout" : "exited", sandbox };
}

function verdict(result: ContainerResult, record: JobRecord): Partial<JobRecord> {
  const { sandbox } = result;
  if (result.outcome === "stopped") return { status: "Stopped" };
  if (result.outcome === "timeout") {
    return { status: "Failed", failureReason: runtimeExceeded(record.request.StoppingCondition?.MaxRuntimeInSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS) };
  }
  if (sandbox.spawnError) return { status: "Failed", failureReason: clip(`InternalServerError: could not start the sandbox: ${sandbox.spawnError}`) };
  if (sandbox.exitCode === 0) return { status: "Completed" };
  return { status: "Failed", failureReason: algorithmError(sandbox.exitCode ?? 128, sandbox.stderrTail) };
}

async function settleInterrupted(ctx: RunnerContext, name: string, control: JobControl): Promise<void> {
  await ctx.finish(name, control.closing ? { status: "Failed", failureReason: ENGINE_STOPPED } : { status: "Stopped" });
}

/** The first 1 KB of /opt/ml/output/message, which SageMaker returns as ExitMessage. */
async function exitMessage(optMlDir: string): Promise<string | undefined> {
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

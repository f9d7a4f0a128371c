import type { ObjectStore } from "../contracts";
import type { ImageRegistry } from "../images/registry";
import { bwrapMissingMessage } from "../sandbox/bwrap-available";
import { resolvePython } from "../sandbox/host-layout";
import { describeLimits, jobLimits, type LimitCaps } from "../sandbox/limits";
import type { SandboxHost } from "../sandbox/sandbox-host";
import { sandboxUser } from "../sandbox/sandbox-user";
import { mark } from "../trace";
import { clip } from "./failure-reason";
import { jobCommand } from "./job-command";
import { exitMessage, runContainer, verdict, type JobControl } from "./job-container";
import { downloadInputs } from "./job-inputs";
import { JobLog, type LogEventSink } from "./job-log";
import { uploadOutputs } from "./job-outputs";
import type { JobRecord } from "./job-record";
import type { JobStore } from "./job-store";
import { handOverWorkspace, prepareWorkspace, removeWorkspace } from "./job-workspace";

export type { JobControl } from "./job-container";

export interface RunnerContext {
  store: JobStore;
  objects: ObjectStore;
  images: ImageRegistry;
  bwrap: string;
  /** Whether the bwrap binary is there (the service remembers a positive answer). */
  bwrapAvailable: () => Promise<boolean>;
  /** Read once per engine process; rejects (with a user-safe reason) when a sandbox cannot be built here. */
  sandboxHost: () => Promise<SandboxHost>;
  caps: LimitCaps;
  /** The job's CloudWatch stream, which receives the same output as its log file. */
  logEvents(record: JobRecord): LogEventSink;
  /** Records a terminal state and wakes waiters. */
  finish(name: string, change: Partial<JobRecord>): Promise<void>;
}

const ENGINE_STOPPED = "InternalServerError: the engine shut down while the job was running; start it again under a new name.";

/**
 * Runs one queued job to a terminal state: workspace, inputs, sandboxed container, outputs.
 *
 * Only two record writes are waited for. The move out of `queued` must be on disk before the job's code can
 * start, or a crash would have the next engine run the job a second time; that write is issued first and
 * awaited just before the sandbox starts, so it overlaps with staging. The terminal record is on disk before
 * waiters are woken. The writes in between (`running` with its start time, `uploading`) only refine what
 * the record already says to recovery (the job started, so a restart fails it), so they are left to land
 * in order behind the others.
 */
export async function runJob(ctx: RunnerContext, name: string, control: JobControl, slot: number): Promise<void> {
  const record = ctx.store.get(name);
  if (!record || record.status !== "InProgress" || control.stopRequested) return;
  mark(name, "job.dequeued");
  const limits = jobLimits(record.request.ProcessingResources.ClusterConfig, ctx.caps);
  const log = new JobLog(ctx.store.logPath(name), limits.logBytes, ctx.logEvents(record));
  const started = ctx.store.update(name, { phase: "preparing" });
  started.catch(() => undefined);
  const end = async (change: Partial<JobRecord>) => {
    await log.flush();
    await ctx.finish(name, change);
  };
  try {
    log.line(`job ${name} starting`);
    if (!(await ctx.bwrapAvailable())) return await end({ status: "Failed", failureReason: bwrapMissingMessage(ctx.bwrap) });
    const image = ctx.images.resolve(record.request.AppSpecification.ImageUri);
    if ("error" in image) return await end({ status: "Failed", failureReason: image.error });
    log.line(`image: ${image.description}`);
    for (const skipped of image.skipped) log.line(`skipped (not executed here; its packages must exist on the host): ${skipped}`);
    const command = jobCommand(record.request.AppSpecification, image);
    if (command.length === 0) {
      return await end({ status: "Failed", failureReason: `ClientError: the image ${record.request.AppSpecification.ImageUri} has no ENTRYPOINT or CMD and the request has no ContainerEntrypoint.` });
    }

    const python = resolvePython(image.python);
    python.catch(() => undefined);
    const host = ctx.sandboxHost();
    host.catch(() => undefined);
    const user = sandboxUser(slot);
    const workspace = await prepareWorkspace(ctx.store.jobDir(name), record.request, image);
    await downloadInputs(record.request, workspace.optMlDir, ctx.objects, (line) => log.line(line));
    await handOverWorkspace(workspace.optMlDir, user);
    mark(name, "job.staged");
    if (control.stopRequested || control.closing) return await end(control.closing ? { status: "Failed", failureReason: ENGINE_STOPPED } : { status: "Stopped" });

    const network = record.request.NetworkConfig?.EnableNetworkIsolation === false;
    const launch = { name, record, image, command, workspace, network, log, user, slot, limits, python: await python, host: await host };
    log.line(`command: ${JSON.stringify(command)} in ${image.workdir}, network ${network ? "egress only" : "denied"}`);
    log.line(describeLimits(limits, record.request.ProcessingResources.ClusterConfig.InstanceType));
    await started;
    background(name, ctx.store.update(name, { phase: "running", processingStartTime: Date.now() }));
    const result = await runContainer(launch, control);
    const message = exitMessage(workspace.optMlDir, (line) => log.line(line));
    message.catch(() => undefined);
    if (control.closing) return await end({ status: "Failed", failureReason: ENGINE_STOPPED, exitMessage: await message });
    const succeeded = result.outcome === "exited" && result.sandbox.exitCode === 0 && !result.sandbox.breach;
    // A job stopped, timed out or killed at a limit did not finish its outputs: none are uploaded.
    if (!control.stopRequested && result.outcome !== "timeout" && !result.sandbox.breach) {
      background(name, ctx.store.update(name, { phase: "uploading" }));
      await uploadOutputs(record.request, workspace.optMlDir, succeeded, ctx.objects, limits, (line) => log.line(line));
      mark(name, "job.uploaded");
    }
    await end({ ...verdict(result, record, limits), exitMessage: await message });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.line(`failed: ${message}`);
    // Whatever broke (the log itself, even), the job must reach a terminal state.
    await log.flush().catch(() => undefined);
    await ctx.finish(name, { status: "Failed", failureReason: clip(message.startsWith("ClientError") ? message : `ClientError: ${message}`) });
  } finally {
    await log.close().catch(() => undefined);
    await removeWorkspace(ctx.store.jobDir(name));
  }
}

/** A record write nobody waits for: the next awaited write in the job's chain reports a broken disk. */
function background(name: string, write: Promise<void>): void {
  write.catch((error: unknown) => console.error(`ferry engine: could not write the record of processing job ${name}`, error));
}

import { mebibytes, type JobLimits } from "../sandbox/limits";
import type { LimitBreach } from "../sandbox/usage-watcher";

/** SageMaker caps FailureReason and ExitMessage at 1 KB. */
export const REASON_LIMIT = 1024;

/**
 * `AlgorithmError: ...` for a container that exited non-zero, ending with the tail of its stderr: the last
 * lines of a Python traceback say what went wrong, so the start of stderr is what gets cut. `hint` names a
 * limit the error looks like it ran into.
 */
export function algorithmError(exitCode: number, stderrTail: string, hint?: string): string {
  const head = `AlgorithmError: the container exited with code ${exitCode}${hint ? ` (${hint})` : ""}`;
  const tail = stderrTail.trim();
  if (tail === "") return clip(`${head}. See the job log for details.`);
  const room = REASON_LIMIT - head.length - 2;
  const shown = tail.length > room ? `...${tail.slice(tail.length - room + 3)}` : tail;
  return `${head}: ${shown}`;
}

export function runtimeExceeded(maxRuntimeInSeconds: number): string {
  return `ClientError: the processing job exceeded MaxRuntimeInSeconds (${maxRuntimeInSeconds} s) and was stopped.`;
}

/** The engine stopped the job at one of its limits; the reason names the limit, as SageMaker's do. */
export function limitExceeded(breach: LimitBreach, limits: JobLimits, instanceType = "no instance type"): string {
  switch (breach.limit) {
    case "memory":
      return (
        `ClientError: the job ran out of memory: its processes used ${mebibytes(breach.usedBytes)}, more than the ${mebibytes(limits.memoryBytes)} ` +
        `of its instance (${instanceType}, within this engine's FERRY_ENGINE_MAX_JOB_MEMORY_MB). ` +
        "Please use an instance type with more memory, or reduce the size of job data processed on an instance."
      );
    case "volume":
      return (
        `ClientError: the job exceeded the volume size of ${mebibytes(limits.volumeBytes)} (VolumeSizeInGB, within this engine's FERRY_ENGINE_MAX_JOB_DISK_MB): ` +
        `it wrote ${mebibytes(breach.usedBytes)} under /opt/ml and was stopped. Use a larger VolumeSizeInGB or write less.`
      );
    case "processes":
      return `ClientError: the job reached its limit of ${limits.processes} processes and threads (FERRY_ENGINE_MAX_JOB_PROCESSES) and was stopped.`;
  }
}

/** Errors a job's own code reports when the kernel refused it something at a limit, and that limit. */
const HINTS: Array<[RegExp, (limits: JobLimits) => string]> = [
  [/MemoryError|Cannot allocate memory|bad_alloc|\[Errno 12\]/, (l) => `its memory limit is ${mebibytes(l.memoryBytes)}`],
  [/No space left on device|\[Errno 28\]/, (l) => `/tmp holds ${mebibytes(l.tmpBytes)}, /dev/shm ${mebibytes(l.shmBytes)} and /opt/ml its volume of ${mebibytes(l.volumeBytes)}`],
  [/File too large|\[Errno 27\]/, (l) => `no file may be larger than its volume of ${mebibytes(l.volumeBytes)}`],
  [/Resource temporarily unavailable|\[Errno 11\]/, (l) => `it may run ${l.processes} processes and threads at once`],
];

/** Which limit a failed job's stderr says it ran into, if any. */
export function limitHint(stderrTail: string, limits: JobLimits): string | undefined {
  const found = HINTS.find(([pattern]) => pattern.test(stderrTail));
  return found?.[1](limits);
}

/** Keeps the start of a message within the 1 KB SageMaker allows. */
export function clip(message: string): string {
  return message.length > REASON_LIMIT ? `${message.slice(0, REASON_LIMIT - 3)}...` : message;
}

/** An error's message without a leading `ClientError: `, for wrapping it in a more specific one. */
export function causeOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^ClientError: /, "");
}

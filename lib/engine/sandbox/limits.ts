import os from "node:os";
import { z } from "zod";
import { instanceSize } from "./instance-types";

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** What one job may use, from its instance type and volume, within the engine's caps. */
export interface JobLimits {
  /** Memory of all the job's processes together (their proportional set size). */
  memoryBytes: number;
  /** CPUs the job's processes may run on. */
  vcpus: number;
  /** Disk under /opt/ml: VolumeSizeInGB, within the engine's cap. */
  volumeBytes: number;
  /** Processes and threads at once. */
  processes: number;
  /** Size of the job's /tmp and /dev/shm, each a tmpfs of its own. */
  tmpBytes: number;
  shmBytes: number;
  /** The job's log keeps its first and last halves of this and notes what it dropped between them. */
  logBytes: number;
}

/** The engine's upper bounds, so that an ml.r5.24xlarge job cannot take a laptop down. */
export type LimitCaps = Omit<JobLimits, "volumeBytes"> & { volumeBytes?: number };

const megabytes = z.coerce.number().int().positive();

/** `FERRY_ENGINE_*` settings for the caps; anything unset takes a default sized from this machine. */
const CapsEnv = z.object({
  FERRY_ENGINE_MAX_JOB_MEMORY_MB: megabytes.optional(),
  FERRY_ENGINE_MAX_JOB_VCPUS: z.coerce.number().int().positive().optional(),
  FERRY_ENGINE_MAX_JOB_DISK_MB: megabytes.optional(),
  FERRY_ENGINE_MAX_JOB_PROCESSES: z.coerce.number().int().min(16).optional(),
  FERRY_ENGINE_JOB_TMP_MB: megabytes.optional(),
  FERRY_ENGINE_JOB_SHM_MB: megabytes.optional(),
  FERRY_ENGINE_MAX_JOB_LOG_MB: megabytes.optional(),
});

/** Reads the caps from the environment; a malformed value is an error that names the variable. */
export function limitCapsFromEnv(env: Record<string, string | undefined> = process.env): LimitCaps {
  const parsed = CapsEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`ferry engine: ${String(issue?.path[0])} must be a positive whole number (${issue?.message})`);
  }
  const e = parsed.data;
  return {
    memoryBytes: e.FERRY_ENGINE_MAX_JOB_MEMORY_MB ? e.FERRY_ENGINE_MAX_JOB_MEMORY_MB * MIB : Math.floor(os.totalmem() / 2),
    vcpus: e.FERRY_ENGINE_MAX_JOB_VCPUS ?? os.availableParallelism(),
    volumeBytes: e.FERRY_ENGINE_MAX_JOB_DISK_MB && e.FERRY_ENGINE_MAX_JOB_DISK_MB * MIB,
    processes: e.FERRY_ENGINE_MAX_JOB_PROCESSES ?? 1024,
    tmpBytes: (e.FERRY_ENGINE_JOB_TMP_MB ?? 1024) * MIB,
    // Docker's default /dev/shm, which is what a SageMaker container gets.
    shmBytes: (e.FERRY_ENGINE_JOB_SHM_MB ?? 64) * MIB,
    logBytes: (e.FERRY_ENGINE_MAX_JOB_LOG_MB ?? 16) * MIB,
  };
}

export interface JobResources {
  InstanceType?: string;
  VolumeSizeInGB: number;
}

/** The job's limits: its instance's size and its volume, each capped by the engine. */
export function jobLimits(resources: JobResources, caps: LimitCaps): JobLimits {
  const size = instanceSize(resources.InstanceType) ?? { vcpus: caps.vcpus, memoryBytes: caps.memoryBytes };
  const volumeBytes = resources.VolumeSizeInGB * GIB;
  const memoryBytes = Math.min(size.memoryBytes, caps.memoryBytes);
  return {
    ...caps,
    memoryBytes,
    vcpus: Math.min(size.vcpus, caps.vcpus),
    volumeBytes: Math.min(volumeBytes, caps.volumeBytes ?? volumeBytes),
    // tmpfs pages are memory the job's processes do not show: /tmp takes no more than the job's memory.
    tmpBytes: Math.min(caps.tmpBytes, memoryBytes),
  };
}

/** e.g. "16384 MiB"; limits are shown in the unit they are configured in. */
export function mebibytes(bytes: number): string {
  return `${Math.round(bytes / MIB)} MiB`;
}

/** One line for the job's log. */
export function describeLimits(limits: JobLimits, instanceType = "no instance type"): string {
  return (
    `limits (${instanceType}, capped by the engine): memory ${mebibytes(limits.memoryBytes)}, ${limits.vcpus} vCPU, ` +
    `volume ${mebibytes(limits.volumeBytes)}, ${limits.processes} processes, /tmp ${mebibytes(limits.tmpBytes)}, ` +
    `/dev/shm ${mebibytes(limits.shmBytes)}, log ${mebibytes(limits.logBytes)}`
  );
}

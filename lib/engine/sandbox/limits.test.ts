import { describe, expect, it } from "vitest";
import { jobLimits, limitCapsFromEnv } from "./limits";
import { cpuWindow, limitedLauncher } from "./resource-limits";

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

describe("job limits", () => {
  it("take the instance type's memory and vCPUs and the volume, within the engine's caps", () => {
    const caps = limitCapsFromEnv({ FERRY_ENGINE_MAX_JOB_MEMORY_MB: "8192", FERRY_ENGINE_MAX_JOB_VCPUS: "2", FERRY_ENGINE_MAX_JOB_DISK_MB: "4096" });
    expect(jobLimits({ InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 }, caps)).toMatchObject({ memoryBytes: 8192 * MIB, vcpus: 2, volumeBytes: 4096 * MIB });
    expect(jobLimits({ InstanceType: "ml.t3.medium", VolumeSizeInGB: 1 }, caps)).toMatchObject({ memoryBytes: 4 * GIB, vcpus: 2, volumeBytes: GIB });
  });

  it("fall back to the caps for an instance type the engine has no size for", () => {
    const caps = limitCapsFromEnv({ FERRY_ENGINE_MAX_JOB_MEMORY_MB: "1024", FERRY_ENGINE_MAX_JOB_VCPUS: "3" });
    expect(jobLimits({ InstanceType: "ml.z9.huge", VolumeSizeInGB: 1 }, caps)).toMatchObject({ memoryBytes: 1024 * MIB, vcpus: 3 });
  });

  it("never give /tmp more than the job's memory", () => {
    const caps = limitCapsFromEnv({ FERRY_ENGINE_MAX_JOB_MEMORY_MB: "256", FERRY_ENGINE_JOB_TMP_MB: "1024" });
    expect(jobLimits({ InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 1 }, caps).tmpBytes).toBe(256 * MIB);
  });

  it("refuse a malformed setting by name", () => {
    expect(() => limitCapsFromEnv({ FERRY_ENGINE_MAX_JOB_MEMORY_MB: "lots" })).toThrow(/FERRY_ENGINE_MAX_JOB_MEMORY_MB must be a positive whole number/);
    expect(() => limitCapsFromEnv({ FERRY_ENGINE_MAX_JOB_PROCESSES: "2" })).toThrow(/FERRY_ENGINE_MAX_JOB_PROCESSES/);
  });

  it("become rlimits and a CPU window, a different one per slot", () => {
    const limits = jobLimits({ InstanceType: "ml.t3.medium", VolumeSizeInGB: 1 }, limitCapsFromEnv({ FERRY_ENGINE_MAX_JOB_PROCESSES: "64" }));
    expect(limitedLauncher(limits, [2, 3])).toEqual([
      "/usr/bin/prlimit", "--nproc=64", `--fsize=${GIB}`, `--as=${limits.memoryBytes * 2 + 4 * GIB}`, "--core=0", "--nice=0", "--", "/usr/bin/nice", "-n", "10", "/usr/bin/taskset", "--cpu-list", "2,3",
    ]);
    expect(cpuWindow([0, 1, 2, 3, 4, 5, 6, 7], 2, 0)).toEqual([0, 1]);
    expect(cpuWindow([0, 1, 2, 3, 4, 5, 6, 7], 2, 1)).toEqual([2, 3]);
    expect(cpuWindow([0, 1, 2], 2, 1)).toEqual([2, 0]);
    expect(cpuWindow([0, 1], 4, 0)).toBeUndefined();
  });
});

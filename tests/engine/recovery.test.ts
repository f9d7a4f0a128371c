import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProcessingService, type ProcessingService } from "@/lib/engine/sagemaker";
import { sampleRequest } from "./sample-request";
import { FsObjectStore } from "./fs-object-store";
import { makeTempDir } from "./harness";

/** Jobs, logs and their states survive an engine restart; nothing is left InProgress forever. */

let root: string;
let objects: FsObjectStore;

beforeAll(async () => {
  root = await makeTempDir("recovery");
  objects = new FsObjectStore(path.join(root, "s3"));
  await mkdir(objects.pathOf("s3://code/"), { recursive: true });
  await writeFile(path.join(objects.pathOf("s3://code/"), "job.py"), 'import sys, time\nprint("working", flush=True)\ntime.sleep(float(sys.argv[1]))\n');
});
afterAll(async () => rm(root, { recursive: true, force: true }));

function open(dataDir: string): ProcessingService {
  return createProcessingService({ dataDir, objects, maxConcurrentJobs: 1, killGraceMs: 500 });
}

function sleeper(name: string, seconds: number) {
  return sampleRequest({
    ProcessingJobName: name,
    AppSpecification: { ImageUri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", ContainerEntrypoint: ["python", "/opt/ml/processing/input/code/job.py"], ContainerArguments: [String(seconds)] },
    ProcessingInputs: [{ InputName: "code", S3Input: { S3Uri: "s3://code/", LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix", S3InputMode: "File" } }],
    ProcessingOutputConfig: { Outputs: [] },
  });
}

/** Waits until the job's own code has printed, so it is really running inside its sandbox. */
async function untilRunning(dataDir: string, name: string): Promise<void> {
  const log = path.join(dataDir, "jobs", name, "job.log");
  await expect.poll(async () => readFile(log, "utf8").catch(() => ""), { timeout: 10_000 }).toContain("working");
}

describe("engine restarts", () => {
  it("fails a job that was running when the engine crashed, requeues one that never started, and keeps the log", async () => {
    const dataDir = path.join(root, "crash");
    const first = open(dataDir);
    await first.create(sleeper("running-job", 30));
    await first.create(sleeper("queued-job", 0));
    await untilRunning(dataDir, "running-job");
    // What the disk holds at the moment of a crash: the running job's record says it is running.
    const recordFile = path.join(dataDir, "jobs", "running-job", "job.json");
    const atCrash = await readFile(recordFile, "utf8");
    await first.close();
    await writeFile(recordFile, atCrash);

    const second = open(dataDir);
    try {
      await second.recover();
      const failed = await second.describe("running-job");
      expect(failed.ProcessingJobStatus).toBe("Failed");
      expect(failed.FailureReason).toContain("engine restarted while the job was running");
      expect(failed.ProcessingEndTime).toBeInstanceOf(Date);
      const resumed = await second.waitForTerminal("queued-job");
      expect(resumed.ProcessingJobStatus).toBe("Completed");
      expect(await readFile(path.join(dataDir, "jobs", "running-job", "job.log"), "utf8")).toContain("working");
    } finally {
      await second.close();
    }
  });

  it("fails running jobs with the cause when the engine shuts down, and remembers finished ones", async () => {
    const dataDir = path.join(root, "shutdown");
    const first = open(dataDir);
    await first.create(sleeper("done-job", 0));
    await first.waitForTerminal("done-job");
    await first.create(sleeper("long-job", 30));
    await untilRunning(dataDir, "long-job");
    const started = Date.now();
    await first.close();
    expect(Date.now() - started).toBeLessThan(5_000);

    const second = open(dataDir);
    try {
      await second.recover();
      expect((await second.describe("done-job")).ProcessingJobStatus).toBe("Completed");
      const long = await second.describe("long-job");
      expect(long.ProcessingJobStatus).toBe("Failed");
      expect(long.FailureReason).toContain("engine shut down while the job was running");
      await expect(second.create(sleeper("DONE-JOB", 0))).rejects.toMatchObject({ code: "ResourceInUse" });
    } finally {
      await second.close();
    }
  });
});

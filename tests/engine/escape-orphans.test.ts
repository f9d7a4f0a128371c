// Attack: a job that outlives its engine. Once the engine is killed -9 nothing supervises its jobs (no run-time
// limit, no memory or disk watch), so a job must not run on. A running job's sandbox dies with its engine. One
// caught while being set up (bubblewrap waiting for the engine's go) was once seen left behind, asleep: the
// engine, started again on the same data, kills every sandbox of its own jobs it finds before recovering them,
// and nobody else's: another engine's sandboxes on the same host live on.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateProcessingJobCommand, DescribeProcessingJobCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, describe, expect, it } from "vitest";
import { descendants } from "@/lib/engine/sandbox/process-tree";
import { engineProcess, kill9, remoteEngine, stopGracefully, type Proc } from "../scale/processes";
import { makeTempDir } from "./harness";
import { sampleRequest } from "./sample-request";

const JOB = "runs-on-alone";
const FOREVER = 'import time\nprint("working", flush=True)\nwhile True:\n    time.sleep(0.2)\n';

let dataDir = "";
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startEngineAt(engineDir: string): Promise<{ proc: Proc; port: number }> {
  const proc = await engineProcess(engineDir, 0);
  const port = Number(/ready on http:\/\/127\.0\.0\.1:(\d+)/.exec(proc.output.join(""))?.[1]);
  expect(port).toBeGreaterThan(0);
  cleanup.push(() => stopGracefully(proc));
  return { proc, port };
}

/** Live (not zombie) host processes whose command line names `fragment`, with everything they started. */
async function processesNaming(fragment: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(fragment)) found.push(Number(entry), ...(await descendants(Number(entry))));
  }
  return (await Promise.all(found.map(async (pid) => ((await alive(pid)) ? [pid] : [])))).flat();
}

async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  // Killed orphans stay zombies where PID 1 does not reap them: dead all the same.
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

/**
 * A sandbox being set up for a job in `jobsRoot`: bubblewrap with its namespaces made, waiting for a go that
 * never comes (this process holds the other end of its pipe, as the engine does until it writes the go).
 */
async function sandboxWaiting(jobsRoot: string, job: string): Promise<ChildProcess> {
  const optMl = path.join(jobsRoot, job, "root", "opt", "ml");
  await mkdir(optMl, { recursive: true });
  const args = ["--unshare-user", "--unshare-pid", "--dir", "/opt", "--bind", optMl, "/opt/ml", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--block-fd", "3", "--", "/bin/true"];
  const child = spawn("bwrap", args, { stdio: ["ignore", "ignore", "ignore", "pipe"] });
  cleanup.push(async () => child.kill("SIGKILL"));
  await expect.poll(() => processesNaming(optMl).then((pids) => pids.length)).toBeGreaterThan(0);
  return child;
}

describe("a job whose engine was killed -9", () => {
  it("dies with it when running, and a sandbox left behind is killed when the engine starts again on its data; other engines' sandboxes are left alone", async () => {
    dataDir = await makeTempDir("orphans");
    const engineDir = path.join(dataDir, "engine");
    const jobsRoot = path.join(engineDir, "sagemaker", "jobs");
    const first = await startEngineAt(engineDir);
    const aws = remoteEngine(first.port, dataDir);
    cleanup.push(() => aws.close());
    await aws.s3.send(new CreateBucketCommand({ Bucket: "code" }));
    await aws.s3.send(new PutObjectCommand({ Bucket: "code", Key: "forever.py", Body: FOREVER }));
    await aws.sagemaker.send(
      new CreateProcessingJobCommand(
        sampleRequest({
          ProcessingJobName: JOB,
          AppSpecification: { ImageUri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", ContainerEntrypoint: ["python", "/opt/ml/processing/input/code/forever.py"] },
          ProcessingInputs: [{ InputName: "code", S3Input: { S3Uri: "s3://code/", LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix", S3InputMode: "File" } }],
          ProcessingOutputConfig: { Outputs: [] },
        }),
      ),
    );
    await expect.poll(() => readFile(path.join(jobsRoot, JOB, "job.log"), "utf8").catch(() => ""), { timeout: 20_000 }).toContain("working");
    const running = await processesNaming(`${jobsRoot}/${JOB}/`);
    expect(running.length, "bubblewrap, the namespace's init and the job").toBeGreaterThanOrEqual(3);

    const leftBehind = await sandboxWaiting(jobsRoot, "caught-in-set-up");
    const decoys = [await sandboxWaiting(path.join(dataDir, "other-engine", "jobs"), "theirs"), await sandboxWaiting(`${jobsRoot}-not-these`, "theirs")];
    await kill9(first.proc);
    await expect.poll(async () => (await Promise.all(running.map(alive))).filter(Boolean).length, { timeout: 5_000 }).toBe(0);
    expect(await processesNaming(`${jobsRoot}/caught-in-set-up/`)).not.toEqual([]);

    const second = await startEngineAt(engineDir);
    expect(await processesNaming(`${jobsRoot}/`), "sandboxes of this engine's jobs").toEqual([]);
    await expect.poll(() => leftBehind.signalCode).toBe("SIGKILL");
    await expect.poll(() => second.proc.output.join("")).toContain("killed 1 sandbox a previous engine left running");
    for (const decoy of decoys) expect(decoy.exitCode === null && decoy.signalCode === null, "another engine's sandbox").toBe(true);
    const again = remoteEngine(second.port, dataDir);
    cleanup.push(() => again.close());
    const described = await again.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: JOB }));
    expect(described).toMatchObject({ ProcessingJobStatus: "Failed", FailureReason: expect.stringContaining("engine restarted while the job was running") });
  }, 90_000);
});

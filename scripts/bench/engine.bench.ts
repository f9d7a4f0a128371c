/**
 * Engine benchmark (`npx tsx scripts/bench/engine.bench.ts`):
 * (a) a 3-step pipeline of trivial scripts through the engine (Step Functions → SageMaker Processing →
 *     bubblewrap, with S3 staging) against the same three scripts run directly under bubblewrap with local
 *     copies between steps; medians of several interleaved runs, reported as a ratio (target ≤ 1.25×). The
 *     direct run is measured twice: with a minimal bwrap command line, and with the engine's own sandbox
 *     arguments, which tells the sandbox's cost apart from the control plane's;
 * (b) 50 executions of that pipeline started at once: executions completed per minute and the engine
 *     process's peak RSS (the jobs' Python processes are not included).
 * Prints a summary and writes bench-results/engine.json.
 */
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { realpath } from "node:fs/promises";
import { startEngine } from "../../lib/engine";
import { bwrapArgs } from "../../lib/engine/sandbox/bwrap-args";
import { readHostLayout } from "../../lib/engine/sandbox/host-layout";

const RUNS = 9;
const CONCURRENT = 50;
const BUCKET = "bench";
const PYTHON = "/usr/bin/python3";
const BWRAP = "/usr/bin/bwrap";
const IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
const ROLE = "arn:aws:iam::000000000000:role/bench";
const STEPS = ["step1", "step2", "step3"];

/** Reads every file of its input, appends its own line, writes one output file. */
const SCRIPT = `import glob, os, sys
lines = []
for path in sorted(glob.glob("/opt/ml/processing/input/data/**/*.txt", recursive=True)):
    with open(path) as handle:
        lines.extend(handle.read().splitlines())
lines.append(os.path.basename(sys.argv[0]))
os.makedirs("/opt/ml/processing/output", exist_ok=True)
with open("/opt/ml/processing/output/out.txt", "w") as handle:
    handle.write("\\n".join(lines) + "\\n")
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function definition(): object {
  const states: Record<string, object> = {};
  STEPS.forEach((step, index) => {
    const input = index === 0 ? "States.Format('s3://bench/data/')" : `States.Format('s3://bench/runs/{}/${STEPS[index - 1]}/', $$.Execution.Name)`;
    states[step] = {
      Type: "Task",
      Resource: "arn:aws:states:::sagemaker:createProcessingJob.sync",
      Parameters: {
        "ProcessingJobName.$": `States.Format('{}-${step}', $$.Execution.Name)`,
        ProcessingInputs: [
          { InputName: "data", S3Input: { "S3Uri.$": input, LocalPath: "/opt/ml/processing/input/data", S3DataType: "S3Prefix", S3InputMode: "File" } },
          { InputName: "code", S3Input: { S3Uri: `s3://bench/code/${step}.py`, LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix", S3InputMode: "File" } },
        ],
        ProcessingOutputConfig: {
          Outputs: [{ OutputName: "out", S3Output: { "S3Uri.$": `States.Format('s3://bench/runs/{}/${step}/', $$.Execution.Name)`, LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }],
        },
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.t3.medium", VolumeSizeInGB: 1 } },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
        AppSpecification: { ImageUri: IMAGE, ContainerEntrypoint: ["python3", `/opt/ml/processing/input/code/${step}.py`] },
        RoleArn: ROLE,
      },
      ResultPath: null,
      ...(index < STEPS.length - 1 ? { Next: STEPS[index + 1] } : { End: true }),
    };
  });
  return { StartAt: STEPS[0], States: states };
}

/**
 * Polls DescribeExecution until the execution ends and returns its stop time. The poll cadence only affects
 * when the bench notices; timings use the engine's stopDate so the polling itself (which competes with the
 * jobs for the same CPUs) is kept out of the figure as far as possible.
 */
async function waitDone(sfn: SFNClient, executionArn: string, intervalMs: number): Promise<number> {
  for (;;) {
    const out = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (out.status === "SUCCEEDED") return out.stopDate?.getTime() ?? Date.now();
    if (out.status !== "RUNNING") throw new Error(`${executionArn} ended ${out.status}: ${out.error} ${out.cause}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

type SandboxArgs = (optMl: string, script: string) => string[];

/** The minimal command line of the design notes. */
const minimalSandbox: SandboxArgs = (optMl, script) => [
  "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/opt",
  "--bind", optMl, "/opt/ml", "--unshare-net", "--unshare-pid", "--die-with-parent",
  PYTHON, script,
];

/** Exactly the arguments the engine's sandbox uses for a framework-image job. */
async function engineSandbox(): Promise<SandboxArgs> {
  const host = await readHostLayout();
  const python = await realpath(PYTHON);
  return (optMl, script) =>
    bwrapArgs(
      {
        optMlDir: optMl,
        imageBinds: [],
        python,
        extraReadOnly: [],
        command: ["python3", script],
        workdir: "/",
        env: { PYTHONUNBUFFERED: "TRUE", PYTHONDONTWRITEBYTECODE: "TRUE" },
        network: false,
      },
      host,
    );
}

function runBwrap(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(BWRAP, args, { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`bwrap exited ${code}`))));
  });
}

/** The baseline: each step staged in its own /opt/ml with local copies, as a person would script it. */
async function runDirect(sandbox: SandboxArgs, root: string, scripts: string, data: string, run: string): Promise<number> {
  const began = performance.now();
  let input = data;
  for (const step of STEPS) {
    const optMl = path.join(root, run, step, "opt-ml");
    const processing = path.join(optMl, "processing");
    await mkdir(path.join(processing, "output"), { recursive: true });
    await cp(input, path.join(processing, "input", "data"), { recursive: true });
    await cp(path.join(scripts, `${step}.py`), path.join(processing, "input", "code", `${step}.py`));
    await runBwrap(sandbox(optMl, `/opt/ml/processing/input/code/${step}.py`));
    input = path.join(processing, "output");
  }
  return performance.now() - began;
}

async function runThroughEngine(sfn: SFNClient, machine: string, run: string, pollMs = 50): Promise<number> {
  const began = Date.now();
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: run, input: "{}" }));
  return (await waitDone(sfn, executionArn ?? "", pollMs)) - began;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "ferry-bench-engine-"));
  const engine = await startEngine({ port: 0, dataDir: path.join(root, "engine") });
  const clientConfig = { endpoint: engine.endpoint, region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" } };
  const sfn = new SFNClient(clientConfig);
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
  try {
    const scripts = path.join(root, "scripts");
    const data = path.join(root, "data");
    await mkdir(scripts, { recursive: true });
    await mkdir(data, { recursive: true });
    await writeFile(path.join(data, "in.txt"), "seed\n");
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "data/in.txt", Body: "seed\n" }));
    for (const step of STEPS) {
      await writeFile(path.join(scripts, `${step}.py`), SCRIPT);
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `code/${step}.py`, Body: SCRIPT }));
    }
    const created = await sfn.send(new CreateStateMachineCommand({ name: "bench", definition: JSON.stringify(definition()), roleArn: ROLE }));
    const machine = created.stateMachineArn ?? "";

    // (a) one warm-up each, then interleaved runs so all sides see the same machine load.
    const engineArgs = await engineSandbox();
    const direct: number[] = [];
    const directEngineSandbox: number[] = [];
    const viaEngine: number[] = [];
    for (let i = -1; i < RUNS; i += 1) {
      const run = i < 0 ? "warm" : `r${i}`;
      const minimal = await runDirect(minimalSandbox, path.join(root, "direct"), scripts, data, run);
      const sandboxed = await runDirect(engineArgs, path.join(root, "direct-engine-sandbox"), scripts, data, run);
      const engineMs = await runThroughEngine(sfn, machine, run);
      if (i < 0) continue;
      direct.push(minimal);
      directEngineSandbox.push(sandboxed);
      viaEngine.push(engineMs);
    }
    const ratio = median(viaEngine) / median(direct);
    const sandboxRatio = median(viaEngine) / median(directEngineSandbox);

    // (b) many executions at once.
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 25);
    const durations = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => runThroughEngine(sfn, machine, `c${i}`, 250)));
    // The last execution's stop time, not the moment the bench noticed it.
    const elapsedMs = Math.max(...durations);
    clearInterval(sampler);
    const perMinute = (CONCURRENT / elapsedMs) * 60_000;

    const results = {
      pipeline: {
        runs: RUNS,
        engineMedianMs: Math.round(median(viaEngine)),
        directMedianMs: Math.round(median(direct)),
        ratio: Number(ratio.toFixed(3)),
        directWithEngineSandboxMedianMs: Math.round(median(directEngineSandbox)),
        ratioToEngineSandbox: Number(sandboxRatio.toFixed(3)),
        target: 1.25,
        engineRunsMs: viaEngine.map(Math.round),
        directRunsMs: direct.map(Math.round),
        directWithEngineSandboxRunsMs: directEngineSandbox.map(Math.round),
      },
      concurrency: {
        executions: CONCURRENT,
        jobs: CONCURRENT * STEPS.length,
        elapsedMs: Math.round(elapsedMs),
        executionsPerMinute: Number(perMinute.toFixed(1)),
        peakRssMB: Math.round(peakRss / 1024 / 1024),
      },
      machine: { cpus: os.cpus().length, node: process.version },
    };
    console.log("Engine benchmark");
    console.log(`  3-step pipeline, median of ${RUNS}: engine ${results.pipeline.engineMedianMs} ms vs bubblewrap directly ${results.pipeline.directMedianMs} ms → ${ratio.toFixed(2)}× (target ≤ 1.25×)`);
    console.log(`  same scripts with the engine's own sandbox arguments: ${results.pipeline.directWithEngineSandboxMedianMs} ms → engine/that = ${sandboxRatio.toFixed(2)}× (control-plane cost: staging, job bookkeeping, Step Functions)`);
    console.log(`  ${CONCURRENT} concurrent executions (${CONCURRENT * STEPS.length} jobs): ${(elapsedMs / 1000).toFixed(1)} s → ${perMinute.toFixed(1)} executions/min, engine peak RSS ${results.concurrency.peakRssMB} MB`);
    await mkdir("bench-results", { recursive: true });
    await writeFile(path.join("bench-results", "engine.json"), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    sfn.destroy();
    s3.destroy();
    await engine.close();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Engine benchmark (`npx tsx scripts/bench/engine.bench.ts`; BENCH_RUNS=n to change the number of rounds):
 * (a) a 3-step pipeline of trivial scripts through the engine (Step Functions → SageMaker Processing →
 *     bubblewrap, with S3 staging) against the same three scripts run directly under bubblewrap with local
 *     copies between steps, reported as a ratio of medians (target ≤ 1.25×). The direct baseline runs each
 *     script in a sandbox with the same isolation as the engine's (user namespace, limits, seccomp, usage
 *     watcher: the same runSandboxed), so the ratio measures the engine, not the isolation; a minimal bwrap
 *     command line is measured too, for the isolation's own cost. Every side runs the same scripts on the
 *     same data, in the same process; rounds are interleaved and each round runs the sides in a rotated
 *     order, so drifting machine load falls on all sides alike; warm-up rounds are discarded.
 * (b) 50 executions of that pipeline started at once: executions completed per minute and the engine
 *     process's peak RSS (the jobs' Python processes are not included).
 * (c) what each isolation layer costs one sandbox start (`python3 -c pass`): a minimal bwrap, then with a
 *     user namespace, with the seccomp filter, under prlimit, and the engine's whole sandbox without and
 *     with its egress network.
 * Completion is observed through the engine's trace marks (lib/engine/trace.ts) rather than by polling, which
 * would compete with the jobs for the same CPUs; each execution's final status is still checked over the API.
 * Prints a summary with a per-phase breakdown and writes bench-results/engine.json.
 */
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, open, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { startEngine } from "../../lib/engine";
import { jobLimits, limitCapsFromEnv } from "../../lib/engine/sandbox/limits";
import { limitedLauncher } from "../../lib/engine/sandbox/resource-limits";
import { runSandboxed } from "../../lib/engine/sandbox/run-sandboxed";
import { loadSandboxHost, type SandboxHost } from "../../lib/engine/sandbox/sandbox-host";
import { sandboxUser } from "../../lib/engine/sandbox/sandbox-user";
import { handOverWorkspace } from "../../lib/engine/sagemaker/job-workspace";
import { setTracer, type TracePhase } from "../../lib/engine/trace";
import { median, writeResults } from "./support";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const CONCURRENT = 50;
const BUCKET = "bench";
const PYTHON = "/usr/bin/python3";
/** The interpreter the engine binds as `python` (it resolves the configured one to its real file). */
const PYTHON_REAL = await realpath(PYTHON);
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

function definition(): object {
  const states: Record<string, object> = {};
  STEPS.forEach((step, index) => {
    const input = index === 0 ? `States.Format('s3://${BUCKET}/data/')` : `States.Format('s3://${BUCKET}/runs/{}/${STEPS[index - 1]}/', $$.Execution.Name)`;
    states[step] = {
      Type: "Task",
      Resource: "arn:aws:states:::sagemaker:createProcessingJob.sync",
      Parameters: {
        "ProcessingJobName.$": `States.Format('{}-${step}', $$.Execution.Name)`,
        ProcessingInputs: [
          { InputName: "data", S3Input: { "S3Uri.$": input, LocalPath: "/opt/ml/processing/input/data", S3DataType: "S3Prefix", S3InputMode: "File" } },
          { InputName: "code", S3Input: { S3Uri: `s3://${BUCKET}/code/${step}.py`, LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix", S3InputMode: "File" } },
        ],
        ProcessingOutputConfig: {
          Outputs: [{ OutputName: "out", S3Output: { "S3Uri.$": `States.Format('s3://${BUCKET}/runs/{}/${step}/', $$.Execution.Name)`, LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }],
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

/** Runs one script in a sandbox over `optMl`, resolving when it exited 0. */
type Sandbox = (optMl: string, script: string) => Promise<void>;

/** The minimal command line of the design notes. */
const minimalArgs = (optMl: string, command: string[]) => [
  "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/opt",
  "--bind", optMl, "/opt/ml", "--unshare-net", "--unshare-pid", "--die-with-parent",
  ...command,
];

const minimalSandbox: Sandbox = (optMl, script) => runCommand([BWRAP, ...minimalArgs(optMl, [PYTHON, script])]);

/** The engine's own sandbox (runSandboxed with a job's spec), as the engine starts it for an ml.t3.medium job. */
function engineSandbox(host: SandboxHost, network = false): Sandbox {
  const user = sandboxUser(0);
  const limits = jobLimits({ InstanceType: "ml.t3.medium", VolumeSizeInGB: 1 }, limitCapsFromEnv());
  return async (optMl, script) => {
    await handOverWorkspace(optMl, user);
    const spec = {
      optMlDir: optMl, imageBinds: [], python: PYTHON_REAL, extraReadOnly: [], command: ["python3", script], workdir: "/",
      env: { PYTHONUNBUFFERED: "TRUE", PYTHONDONTWRITEBYTECODE: "TRUE" }, network, user, limits,
    };
    const run = runSandboxed({ bwrap: BWRAP, host: host.layout, seccomp: host.seccomp, cpus: undefined, log: { write: () => undefined }, killGraceMs: 1000, spec });
    const result = await run.done;
    if (result.exitCode !== 0) throw new Error(`sandbox exited ${result.exitCode}: ${result.setupError ?? result.stderrTail}`);
  };
}

function runCommand([command, ...args]: string[], extra: Array<"pipe" | number> = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command ?? BWRAP, args, { stdio: ["ignore", "ignore", "ignore", ...extra] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}

/** First and third quartiles (nearest rank): the spread the medians hide. */
function quartiles(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return [at(0.25), at(0.75)];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

type PhaseTable = Record<string, number>;

/**
 * Where an engine pipeline's time goes, summed over its three steps. Consecutive trace marks bound each
 * phase, so the phases add up to the whole run: `start` StartExecution until the first task is entered,
 * `accept` CreateProcessingJob's validation and record, `queue` until the runner takes the job, `stage`
 * workspace and inputs, `launch` until bwrap is spawned (the start-record barrier), `sandbox` spawn to exit
 * (as the direct side's), `collect` outputs into S3, `record` the terminal record, `resume` until the task
 * sees it, `transition` from one task to the next, `finish` the execution's own end and final record.
 */
const ENGINE_PHASES = ["start", "accept", "queue", "stage", "launch", "sandbox", "collect", "record", "resume", "transition", "finish"] as const;
const DIRECT_PHASES = ["stage", "sandbox", "other"] as const;
const STEP_PHASES: Array<[TracePhase, string]> = [
  ["task.entered", "transition"],
  ["job.created", "accept"],
  ["job.dequeued", "queue"],
  ["job.staged", "stage"],
  ["job.spawning", "launch"],
  ["job.exited", "sandbox"],
  ["job.uploaded", "collect"],
  ["job.recorded", "record"],
  ["task.resumed", "resume"],
];

/** Collects the engine's marks and turns one execution's into phases. */
class EnginePhases {
  private readonly marks = new Map<string, Map<TracePhase, number>>();
  private readonly waiters = new Map<string, (atMs: number) => void>();

  mark(subject: string, phase: TracePhase, atMs: number): void {
    const marks = this.marks.get(subject) ?? new Map<TracePhase, number>();
    marks.set(phase, atMs);
    this.marks.set(subject, marks);
    if (phase === "execution.finished") this.waiters.get(subject)?.(atMs);
  }

  /** Resolves with the time the execution's final record was written. */
  finished(execution: string): Promise<number> {
    return new Promise((resolve) => this.waiters.set(execution, resolve));
  }

  breakdown(execution: string, began: number): PhaseTable {
    const phases: PhaseTable = {};
    const add = (phase: string, ms: number) => (phases[phase] = (phases[phase] ?? 0) + ms);
    let previous = began;
    STEPS.forEach((step, index) => {
      const marks = this.marks.get(`${execution}-${step}`);
      for (const [phase, name] of STEP_PHASES) {
        const at = marks?.get(phase);
        if (at === undefined) continue;
        add(index === 0 && name === "transition" ? "start" : name, at - previous);
        previous = at;
      }
    });
    add("finish", (this.marks.get(execution)?.get("execution.finished") ?? previous) - previous);
    this.marks.delete(execution);
    for (const step of STEPS) this.marks.delete(`${execution}-${step}`);
    return phases;
  }
}

type Side = "direct" | "directMinimal" | "engine";
const SIDES: Side[] = ["direct", "directMinimal", "engine"];

interface Sample {
  ms: number;
  /** CPU time of this process (engine and bench) during the run; the sandboxed Python is not counted. */
  cpuMs: number;
  phases: Record<string, number>;
}

/** The baseline: each step staged in its own /opt/ml with local copies, as a person would script it. */
async function runDirect(sandbox: Sandbox, root: string, scripts: string, data: string, run: string): Promise<Sample> {
  const cpu = process.cpuUsage();
  const phases: Record<string, number> = {};
  const add = (phase: string, ms: number) => (phases[phase] = (phases[phase] ?? 0) + ms);
  const began = performance.now();
  let input = data;
  for (const step of STEPS) {
    const staging = performance.now();
    const optMl = path.join(root, run, step, "opt-ml");
    const processing = path.join(optMl, "processing");
    await mkdir(path.join(processing, "output"), { recursive: true });
    await cp(input, path.join(processing, "input", "data"), { recursive: true });
    await cp(path.join(scripts, `${step}.py`), path.join(processing, "input", "code", `${step}.py`));
    const spawning = performance.now();
    add("stage", spawning - staging);
    await sandbox(optMl, `/opt/ml/processing/input/code/${step}.py`);
    add("sandbox", performance.now() - spawning);
    input = path.join(processing, "output");
  }
  const ms = performance.now() - began;
  return { ms, cpuMs: cpuMs(cpu), phases: { ...phases, other: ms - (phases.stage ?? 0) - (phases.sandbox ?? 0) } };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

class EngineSide {
  constructor(
    private readonly sfn: SFNClient,
    private readonly machine: string,
    private readonly trace: EnginePhases,
  ) {}

  /** Wall time from StartExecution to the execution's final record being written. */
  async run(name: string): Promise<Sample> {
    const cpu = process.cpuUsage();
    const began = performance.now();
    const finished = this.trace.finished(name);
    const { executionArn } = await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.machine, name, input: "{}" }));
    const end = await finished;
    const ms = end - began;
    const usedCpu = cpuMs(cpu);
    const out = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (out.status !== "SUCCEEDED") throw new Error(`${name} ended ${out.status}: ${out.error} ${out.cause}`);
    return { ms, cpuMs: usedCpu, phases: this.trace.breakdown(name, began) };
  }
}

function summarize(samples: Sample[], phaseNames: readonly string[]): { medianMs: number; iqrMs: [number, number]; cpuMs: number; runsMs: number[]; phases: PhaseTable } {
  const ms = samples.map((s) => s.ms);
  const phases = Object.fromEntries(phaseNames.map((phase) => [phase, round(median(samples.map((s) => s.phases[phase] ?? 0)))]));
  return { medianMs: round(median(ms)), iqrMs: quartiles(ms).map(round) as [number, number], cpuMs: round(median(samples.map((s) => s.cpuMs))), runsMs: ms.map(round), phases };
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "ferry-bench-engine-"));
  const trace = new EnginePhases();
  setTracer((subject, phase, atMs) => trace.mark(subject, phase, atMs));
  const engine = await startEngine({ port: 0, dataDir: path.join(root, "engine") });
  const clientConfig = { endpoint: engine.endpoint, region: "us-east-1", credentials: engine.credentials };
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
    const engineSide = new EngineSide(sfn, created.stateMachineArn ?? "", trace);
    const host = await loadSandboxHost(BWRAP, 1000);
    const sameIsolation = engineSandbox(host);
    const runSide = (side: Side, run: string): Promise<Sample> => {
      if (side === "engine") return engineSide.run(run);
      return runDirect(side === "direct" ? sameIsolation : minimalSandbox, path.join(root, side), scripts, data, run);
    };

    // (a) warm-up rounds first, then rounds with the sides' order rotated each time.
    const load = { before: os.loadavg()[0] ?? 0, after: 0 };
    const samples: Record<Side, Sample[]> = { direct: [], directMinimal: [], engine: [] };
    for (let i = -WARMUP; i < RUNS; i += 1) {
      const run = i < 0 ? `warm${-i}` : `r${i}`;
      const offset = ((i % SIDES.length) + SIDES.length) % SIDES.length;
      for (const side of [...SIDES.slice(offset), ...SIDES.slice(0, offset)]) {
        const sample = await runSide(side, run);
        if (i >= 0) samples[side].push(sample);
      }
    }
    load.after = os.loadavg()[0] ?? 0;
    const engineStats = summarize(samples.engine, ENGINE_PHASES);
    const directStats = summarize(samples.direct, DIRECT_PHASES);
    const minimalStats = summarize(samples.directMinimal, DIRECT_PHASES);
    const ratio = engineStats.medianMs / directStats.medianMs;
    const pairedRatio = median(samples.engine.map((s, i) => s.ms / (samples.direct[i]?.ms ?? s.ms)));
    const minimalRatio = engineStats.medianMs / minimalStats.medianMs;

    // (b) many executions at once.
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 25);
    const began = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => engineSide.run(`c${i}`)));
    const elapsedMs = performance.now() - began;
    clearInterval(sampler);
    const perMinute = (CONCURRENT / elapsedMs) * 60_000;

    const results = {
      pipeline: {
        runs: RUNS,
        warmup: WARMUP,
        engineMedianMs: engineStats.medianMs,
        directMedianMs: directStats.medianMs,
        ratio: Number(ratio.toFixed(3)),
        pairedRatioMedian: Number(pairedRatio.toFixed(3)),
        directMinimalMedianMs: minimalStats.medianMs,
        ratioToMinimalBwrap: Number(minimalRatio.toFixed(3)),
        target: 1.25,
        engine: engineStats,
        direct: directStats,
        directMinimal: minimalStats,
        loadAverage: { before: round(load.before), after: round(load.after) },
      },
      concurrency: {
        executions: CONCURRENT,
        jobs: CONCURRENT * STEPS.length,
        elapsedMs: Math.round(elapsedMs),
        executionsPerMinute: Number(perMinute.toFixed(1)),
        peakRssMB: Math.round(peakRss / 1024 / 1024),
      },
      layers: { runs: LAYER_RUNS, medianMs: await layerCosts(host, root) },
      machine: { cpus: os.cpus().length, node: process.version },
    };
    report(results.pipeline, ratio, pairedRatio, minimalRatio);
    console.log(`  one sandbox start (python3 -c pass), medians of ${LAYER_RUNS}: ${Object.entries(results.layers.medianMs).map(([k, v]) => `${k} ${v} ms`).join(", ")}`);
    console.log(`  ${CONCURRENT} concurrent executions (${CONCURRENT * STEPS.length} jobs): ${(elapsedMs / 1000).toFixed(1)} s → ${perMinute.toFixed(1)} executions/min, engine peak RSS ${results.concurrency.peakRssMB} MB`);
    await writeResults("engine", results);
  } finally {
    setTracer(undefined);
    sfn.destroy();
    s3.destroy();
    await engine.close();
    await rm(root, { recursive: true, force: true });
  }
}

function report(
  p: { runs: number; engine: { medianMs: number; cpuMs: number; phases: PhaseTable }; direct: { medianMs: number; cpuMs: number; phases: PhaseTable }; directMinimal: { medianMs: number; phases: PhaseTable }; loadAverage: { before: number; after: number } },
  ratio: number,
  paired: number,
  minimalRatio: number,
): void {
  const line = (phases: PhaseTable) => Object.entries(phases).map(([k, v]) => `${k} ${v}`).join(", ");
  console.log("Engine benchmark");
  console.log(`  3-step pipeline, median of ${p.runs}: engine ${p.engine.medianMs} ms vs bubblewrap directly with the same isolation ${p.direct.medianMs} ms → ${ratio.toFixed(2)}× (paired median ${paired.toFixed(2)}×; target ≤ 1.25×)`);
  console.log(`  same scripts under a minimal bwrap command line (no user namespace, limits or seccomp): ${p.directMinimal.medianMs} ms → engine/that = ${minimalRatio.toFixed(2)}×`);
  console.log(`  engine phases, ms per pipeline (medians): ${line(p.engine.phases)}`);
  console.log(`  direct phases, ms per pipeline (medians): ${line(p.direct.phases)}`);
  console.log(`  CPU of this process per pipeline: engine ${p.engine.cpuMs} ms, direct ${p.direct.cpuMs} ms; load average ${p.loadAverage.before} → ${p.loadAverage.after} on ${os.cpus().length} CPUs`);
}

const LAYER_RUNS = 15;

/**
 * One sandbox start per layer added to a minimal bwrap, each a median over interleaved rounds: the cost of a
 * user namespace, of the seccomp filter, of prlimit, then the engine's whole sandbox (id maps written by the
 * engine, setpriv, sized tmpfs, watcher) without and with its network.
 */
async function layerCosts(host: SandboxHost, root: string): Promise<Record<string, number>> {
  const optMl = path.join(root, "layers");
  await mkdir(optMl, { recursive: true });
  const pass = [PYTHON, "-c", "pass"];
  const limits = jobLimits({ InstanceType: "ml.t3.medium", VolumeSizeInGB: 1 }, limitCapsFromEnv());
  const seccompFile = path.join(root, "seccomp.bpf");
  await writeFile(seccompFile, host.seccomp);
  const withSeccomp = async () => {
    const file = await open(seccompFile);
    try {
      await runCommand([BWRAP, "--seccomp", "3", ...minimalArgs(optMl, pass)], [file.fd]);
    } finally {
      await file.close();
    }
  };
  const layers: Record<string, () => Promise<void>> = {
    minimal: () => runCommand([BWRAP, ...minimalArgs(optMl, pass)]),
    userNamespace: () => runCommand([BWRAP, "--unshare-user", "--uid", "1000", ...minimalArgs(optMl, pass)]),
    seccomp: withSeccomp,
    prlimit: () => runCommand([...limitedLauncher(limits, undefined), BWRAP, ...minimalArgs(optMl, pass)]),
    engineSandbox: () => engineSandbox(host)(optMl, "/dev/null"),
    engineSandboxWithNetwork: () => engineSandbox(host, true)(optMl, "/dev/null"),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(layers).map((name) => [name, []]));
  for (let i = -WARMUP; i < LAYER_RUNS; i += 1) {
    for (const [name, start] of Object.entries(layers)) {
      const began = performance.now();
      await start();
      if (i >= 0) times[name]?.push(performance.now() - began);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, round(median(ms))]));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

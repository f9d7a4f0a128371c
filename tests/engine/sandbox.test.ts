import { createServer, type AddressInfo, type Server } from "node:net";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createProcessingService, type ProcessingService } from "@/lib/engine/sagemaker";
import type { CreateProcessingJobInput } from "@/lib/engine/sagemaker/request-schema";
import { sampleRequest } from "./sample-request";
import { FsObjectStore } from "./fs-object-store";
import { makeTempDir } from "./harness";

/** These run real bubblewrap sandboxes with Debian's /usr/bin/python3 (pandas, scikit-learn). */

let root: string;
let objects: FsObjectStore;
const services: ProcessingService[] = [];

beforeAll(async () => {
  root = await makeTempDir("sandbox");
  objects = new FsObjectStore(path.join(root, "s3"));
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function service(options: { dataDir?: string; maxConcurrentJobs?: number; bwrapPath?: string } = {}): ProcessingService {
  const svc = createProcessingService({
    dataDir: options.dataDir ?? path.join(root, `sm-${services.length}-${Date.now()}`),
    objects,
    maxConcurrentJobs: options.maxConcurrentJobs ?? 2,
    bwrapPath: options.bwrapPath,
    killGraceMs: 1000,
  });
  services.push(svc);
  return svc;
}

/** Puts `script` in the fake S3 as the job's code and starts a job running it on the scikit-learn image. */
async function startScript(svc: ProcessingService, name: string, script: string, overrides: Partial<CreateProcessingJobInput> = {}) {
  await mkdir(objects.pathOf(`s3://code/${name}`), { recursive: true });
  await writeFile(path.join(objects.pathOf(`s3://code/${name}`), "job.py"), script);
  await svc.create(
    sampleRequest({
      ProcessingJobName: name,
      AppSpecification: {
        ImageUri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
        ContainerEntrypoint: ["python3", "/opt/ml/processing/input/code/job.py"],
      },
      ProcessingInputs: [
        { InputName: "code", S3Input: { S3Uri: `s3://code/${name}/`, LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix", S3InputMode: "File" } },
      ],
      ProcessingOutputConfig: {
        Outputs: [{ OutputName: "out", S3Output: { S3Uri: `s3://out/${name}/`, LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }],
      },
      ...overrides,
    }),
  );
}

async function output(name: string, file = "result.json"): Promise<unknown> {
  return JSON.parse(await readFile(path.join(objects.pathOf(`s3://out/${name}/`), file), "utf8"));
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a processing job in the sandbox", () => {
  it("runs on the configured Python with the request's Environment, uploads outputs and keeps the exit message", async () => {
    const svc = service();
    await startScript(
      svc,
      "env-job",
      `import json, os, shutil, sys, pandas, sklearn
json.dump({"mode": os.environ.get("MODE"), "home": os.environ.get("HOME"), "python": shutil.which("python"),
           "exe": os.path.realpath(sys.executable), "cwd": os.getcwd(), "leaked": [k for k in os.environ if k.startswith(("VITEST", "NODE"))]},
          open("/opt/ml/processing/output/result.json", "w"))
open("/opt/ml/output/message", "w").write("scored 3 rows")
`,
      { Environment: { MODE: "batch" } },
    );
    const done = await svc.waitForTerminal("env-job");
    expect(done.FailureReason).toBeUndefined();
    expect(done.ProcessingJobStatus).toBe("Completed");
    expect(done.ExitMessage).toBe("scored 3 rows");
    expect(done.ProcessingStartTime?.getTime()).toBeLessThanOrEqual(done.ProcessingEndTime?.getTime() ?? 0);
    expect(await output("env-job")).toEqual({ mode: "batch", home: "/tmp", python: "/.ferry/bin/python", exe: expect.stringMatching(/^\/usr\/bin\/python3/), cwd: "/", leaked: [] });
  });

  it("trains scikit-learn with parallel joblib workers (multiprocessing needs /dev/shm)", async () => {
    const svc = service();
    await startScript(
      svc,
      "sklearn-job",
      `import json
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
X, y = make_classification(n_samples=200, random_state=0)
model = RandomForestClassifier(n_estimators=20, n_jobs=2, random_state=0).fit(X, y)
json.dump({"accuracy": model.score(X, y)}, open("/opt/ml/processing/output/result.json", "w"))
`,
    );
    const done = await svc.waitForTerminal("sklearn-job");
    expect(done.FailureReason).toBeUndefined();
    expect(((await output("sklearn-job")) as { accuracy: number }).accuracy).toBeGreaterThan(0.9);
  });

  it("cannot write outside its own directories", async () => {
    const svc = service();
    const repoFile = path.join(process.cwd(), "sandbox-escape.txt");
    const dataFile = path.join(root, "escape.txt");
    await startScript(
      svc,
      "write-job",
      `import json
results = {}
for target in ["/etc/x", "/usr/x", "/x", "/opt/x", ${JSON.stringify(repoFile)}, ${JSON.stringify(dataFile)}, "/opt/ml/processing/output/ok.txt", "/tmp/ok.txt"]:
    try:
        open(target, "w").write("escape")
        results[target] = "written"
    except OSError as error:
        results[target] = type(error).__name__
json.dump(results, open("/opt/ml/processing/output/result.json", "w"))
`,
    );
    expect((await svc.waitForTerminal("write-job")).ProcessingJobStatus).toBe("Completed");
    const results = (await output("write-job")) as Record<string, string>;
    for (const denied of ["/etc/x", "/usr/x", "/x", "/opt/x", repoFile, dataFile]) expect(results[denied], denied).not.toBe("written");
    expect(results["/opt/ml/processing/output/ok.txt"]).toBe("written");
    expect(results["/tmp/ok.txt"]).toBe("written");
    expect(existsSync(repoFile)).toBe(false);
    expect(existsSync(dataFile)).toBe(false);
  });

  it("cannot read another job's files or see its processes", async () => {
    const svc = service();
    const dataDir = path.join(root, "shared-data");
    const other = service({ dataDir });
    await startScript(
      other,
      "secret-job",
      `import time
open("/opt/ml/processing/output/secret.txt", "w").write("s3cr3t")
open("/tmp/secret.txt", "w").write("s3cr3t")
time.sleep(30)
`,
      { StoppingCondition: { MaxRuntimeInSeconds: 60 } },
    );
    const secretOnHost = path.join(dataDir, "jobs", "secret-job", "root", "opt", "ml", "processing", "output", "secret.txt");
    await until(async () => existsSync(secretOnHost));
    await startScript(
      svc,
      "snoop-job",
      `import json, os
found = {}
for target in ["/opt/ml/processing/output/secret.txt", "/tmp/secret.txt", ${JSON.stringify(secretOnHost)}]:
    try:
        found[target] = open(target).read()
    except OSError as error:
        found[target] = type(error).__name__
found["processes"] = sorted(open(f"/proc/{p}/cmdline").read().replace("\\0", " ") for p in os.listdir("/proc") if p.isdigit())
json.dump(found, open("/opt/ml/processing/output/result.json", "w"))
`,
    );
    expect((await svc.waitForTerminal("snoop-job")).ProcessingJobStatus).toBe("Completed");
    const found = (await output("snoop-job")) as Record<string, unknown>;
    expect(JSON.stringify(found)).not.toContain("s3cr3t");
    expect(found[secretOnHost]).toBe("FileNotFoundError");
    expect(JSON.stringify(found.processes)).not.toContain("secret-job");
    expect(JSON.stringify(found.processes)).not.toContain("time.sleep");
    await other.stop("secret-job");
    expect((await other.waitForTerminal("secret-job")).ProcessingJobStatus).toBe("Stopped");
    // A finished job's workspace is removed; its record and log stay.
    await until(async () => !existsSync(path.join(dataDir, "jobs", "secret-job", "root")));
    expect(existsSync(path.join(dataDir, "jobs", "secret-job", "job.log"))).toBe(true);
  });

  describe("networking", () => {
    let server: Server;
    let port: number;
    const peers: string[] = [];
    /** The host as another machine sees it; the listener is on every address, loopback included. */
    const hostAddress = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address?.family === "IPv4" && !address.internal)?.address;
    beforeAll(async () => {
      server = createServer((socket) => {
        peers.push(socket.remoteAddress ?? "");
        socket.end("hello");
      });
      await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    const connectScript = () => `import json, socket
results = {}
for host in ["127.0.0.1", ${JSON.stringify(hostAddress)}]:
    try:
        s = socket.create_connection((host, ${port}), timeout=3)
        results[host] = s.recv(5).decode()
    except OSError as error:
        results[host] = type(error).__name__
json.dump(results, open("/opt/ml/processing/output/result.json", "w"))
`;

    it("has no network by default", async () => {
      expect(hostAddress, "this machine has no non-loopback IPv4 address").toBeDefined();
      const svc = service();
      await startScript(svc, "net-denied", connectScript());
      expect((await svc.waitForTerminal("net-denied")).ProcessingJobStatus).toBe("Completed");
      expect(Object.values((await output("net-denied")) as object)).not.toContain("hello");
      expect(peers).toEqual([]);
    });

    it("with EnableNetworkIsolation false, reaches the host as another machine would, never its loopback", async () => {
      const svc = service();
      await startScript(svc, "net-allowed", connectScript(), { NetworkConfig: { EnableNetworkIsolation: false } });
      expect((await svc.waitForTerminal("net-allowed")).ProcessingJobStatus).toBe("Completed");
      const results = (await output("net-allowed")) as Record<string, string>;
      expect(results["127.0.0.1"]).toBe("ConnectionRefusedError");
      expect(results[hostAddress ?? ""]).toBe("hello");
      expect(peers).toEqual([hostAddress]);
    });
  });

  it("stops a job past MaxRuntimeInSeconds", async () => {
    const svc = service();
    const started = Date.now();
    await startScript(svc, "slow-job", "import time\ntime.sleep(60)\n", { StoppingCondition: { MaxRuntimeInSeconds: 2 } });
    const done = await svc.waitForTerminal("slow-job");
    expect(done.ProcessingJobStatus).toBe("Stopped");
    expect(done.FailureReason).toContain("exceeded MaxRuntimeInSeconds (2 s)");
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("fails a non-zero exit with the Python traceback in FailureReason, and does not upload EndOfJob outputs", async () => {
    const svc = service();
    await startScript(svc, "crash-job", `open("/opt/ml/processing/output/partial.txt", "w").write("x")\ndef load():\n    raise ValueError("column 'price' is missing")\nload()\n`);
    const done = await svc.waitForTerminal("crash-job");
    expect(done.ProcessingJobStatus).toBe("Failed");
    expect(done.FailureReason).toMatch(/^AlgorithmError: the container exited with code 1: Traceback/);
    expect(done.FailureReason).toContain("ValueError: column 'price' is missing");
    expect(existsSync(path.join(objects.pathOf("s3://out/crash-job/"), "partial.txt"))).toBe(false);
  });

  it("keeps a log that can be read while the job runs, and stops on request", async () => {
    const dataDir = path.join(root, "tail-data");
    const svc = service({ dataDir });
    const logFile = path.join(dataDir, "jobs", "tail-job", "job.log");
    await startScript(svc, "tail-job", 'import time\nprint("tick-1", flush=True)\ntime.sleep(30)\nprint("never")\n', { StoppingCondition: { MaxRuntimeInSeconds: 60 } });
    await until(async () => (await readFile(logFile, "utf8").catch(() => "")).includes("tick-1"));
    expect((await svc.describe("tail-job")).ProcessingJobStatus).toBe("InProgress");
    await svc.stop("tail-job");
    const stopped = await svc.waitForTerminal("tail-job");
    expect(stopped.ProcessingJobStatus).toBe("Stopped");
    const full = await readFile(logFile, "utf8");
    expect(full).toContain("tick-1");
    expect(full).not.toContain("never");
  });

  it("queues jobs beyond the concurrency limit as InProgress", async () => {
    const svc = service({ maxConcurrentJobs: 1 });
    await startScript(svc, "first-job", "import time\ntime.sleep(2)\n");
    await startScript(svc, "second-job", "pass\n");
    const waiting = await svc.describe("second-job");
    expect(waiting.ProcessingJobStatus).toBe("InProgress");
    expect(waiting.ProcessingStartTime).toBeUndefined();
    const first = await svc.waitForTerminal("first-job");
    const second = await svc.waitForTerminal("second-job");
    expect(second.ProcessingJobStatus).toBe("Completed");
    expect(second.ProcessingStartTime?.getTime()).toBeGreaterThanOrEqual(first.ProcessingEndTime?.getTime() ?? Infinity);
  });

  it("refuses to run without bubblewrap and says how to install it", async () => {
    const svc = service({ bwrapPath: "/nonexistent/bwrap" });
    await startScript(svc, "no-bwrap", "open('/tmp/ran', 'w')\n");
    const done = await svc.waitForTerminal("no-bwrap");
    expect(done.ProcessingJobStatus).toBe("Failed");
    expect(done.FailureReason).toContain("apt-get install bubblewrap");
    expect(done.FailureReason).toContain("never run outside the sandbox");
    expect(done.ProcessingStartTime).toBeUndefined();
  });
});

describe("a job that ignores SIGTERM", () => {
  it("is killed after the grace period when it exceeds MaxRuntimeInSeconds", async () => {
    const svc = service();
    const started = Date.now();
    await startScript(svc, "stubborn-job", "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ignoring', flush=True)\ntime.sleep(60)\n", {
      StoppingCondition: { MaxRuntimeInSeconds: 1 },
    });
    const done = await svc.waitForTerminal("stubborn-job");
    expect(done.ProcessingJobStatus).toBe("Stopped");
    expect(done.FailureReason).toContain("MaxRuntimeInSeconds");
    // 1 s runtime + 1 s grace (the test services use killGraceMs: 1000), far below the script's 60 s.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("inputs", () => {
  it("fails a job whose input prefix holds no objects, as SageMaker does", async () => {
    const svc = service();
    await startScript(svc, "empty-input", "print('never runs')\n", {
      ProcessingInputs: [{ InputName: "data", S3Input: { S3Uri: "s3://nothing/here/", LocalPath: "/opt/ml/processing/input/data", S3DataType: "S3Prefix", S3InputMode: "File" } }],
    });
    const done = await svc.waitForTerminal("empty-input");
    expect(done.ProcessingJobStatus).toBe("Failed");
    expect(done.FailureReason).toBe(`ClientError: could not download input 'data' from s3://nothing/here/: No S3 objects found under S3 URL "s3://nothing/here/" given in input data source.`);
    expect(done.ProcessingStartTime).toBeUndefined();
  });

  it("downloads the keys a manifest lists, keeping their relative paths", async () => {
    const svc = service();
    const prefix = objects.pathOf("s3://manifests/data/");
    await mkdir(path.join(prefix, "2026", "01"), { recursive: true });
    await writeFile(path.join(prefix, "2026", "01", "a.csv"), "a\n");
    await writeFile(path.join(prefix, "b.csv"), "b\n");
    await writeFile(path.join(prefix, "ignored.csv"), "not listed\n");
    await writeFile(path.join(objects.pathOf("s3://manifests/"), "input.manifest"), JSON.stringify([{ prefix: "s3://manifests/data/" }, "2026/01/a.csv", "b.csv"]));
    await startScript(
      svc,
      "manifest-job",
      `import json, os
root = "/opt/ml/processing/input/data"
json.dump(sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs), open("/opt/ml/processing/output/result.json", "w"))
`,
      {
        ProcessingInputs: [
          { InputName: "code", S3Input: { S3Uri: "s3://code/manifest-job/", LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix" } },
          { InputName: "data", S3Input: { S3Uri: "s3://manifests/input.manifest", LocalPath: "/opt/ml/processing/input/data", S3DataType: "ManifestFile" } },
        ],
      },
    );
    const done = await svc.waitForTerminal("manifest-job");
    expect(done.FailureReason).toBeUndefined();
    expect(await output("manifest-job")).toEqual(["2026/01/a.csv", "b.csv"]);
  });
});

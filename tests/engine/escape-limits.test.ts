import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEscapeEngine, type EscapeEngine } from "./escape-support";

/**
 * A hostile job against the real engine's limits and network. The engine runs with small caps
 * (escape-support.ts: 256 MiB of memory, a 64 MiB volume, 64 processes, a 32 MiB /tmp, a 1 MiB log), so
 * each attack is stopped in seconds; each must end Failed with a reason that names the limit.
 */

let engine: EscapeEngine;
beforeAll(async () => {
  engine = await startEscapeEngine();
});
afterAll(async () => engine?.close());

/** Processes on the host whose command line holds `marker`: a job's processes must all be gone. */
function hostProcessesWith(marker: string): string[] {
  return execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n").filter((line) => line.includes(marker) && !line.includes("ps -eo"));
}

describe("limits shaped like SageMaker's", () => {
  it("a fork bomb is stopped at the process limit, and none of its processes survive", async () => {
    const began = Date.now();
    const job = await engine.run("fork-bomb", `import os, time  # fork-bomb-marker
while True:
    try:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
    except OSError:
        time.sleep(0.01)
`);
    expect(job.ProcessingJobStatus).toBe("Failed");
    expect(job.FailureReason).toContain("reached its limit of 64 processes and threads");
    expect(Date.now() - began).toBeLessThan(20_000);
    expect(hostProcessesWith("fork-bomb-marker")).toEqual([]);
  });

  it("a memory hog is stopped with 'ran out of memory'", async () => {
    const job = await engine.run("memory-hog", `hog = []\nfor _ in range(96):\n    hog.append(bytearray(32 * 1024 * 1024))\n    hog[-1][::4096] = b"x" * (32 * 256)\n`);
    expect(job.ProcessingJobStatus).toBe("Failed");
    expect(job.FailureReason).toMatch(/^ClientError: the job ran out of memory: its processes used \d+ MiB, more than the 256 MiB of its instance \(ml\.t3\.medium/);
  });

  it("a disk filler is stopped at its volume, and nothing it wrote is uploaded", async () => {
    const job = await engine.run("disk-filler", `import os\nfor i in range(16):\n    with open(f"/opt/ml/processing/output/fill-{i}", "wb") as f:\n        f.write(os.urandom(16 * 1024 * 1024))\n`);
    expect(job.ProcessingJobStatus).toBe("Failed");
    expect(job.FailureReason).toMatch(/^ClientError: the job exceeded the volume size of 64 MiB/);
    expect(await engine.uploaded("disk-filler")).toEqual([]);
  });

  it("a /tmp or /dev/shm filler hits the size of its tmpfs, and the reason says so", async () => {
    const job = await engine.run("tmp-filler", `import os\nfor folder in ["/dev/shm", "/tmp"]:\n    with open(f"{folder}/fill", "wb") as f:\n        for _ in range(64):\n            f.write(b"x" * 1024 * 1024)\n`);
    expect(job.ProcessingJobStatus).toBe("Failed");
    expect(job.FailureReason).toMatch(/^AlgorithmError: the container exited with code 1 \(\/tmp holds 32 MiB, \/dev\/shm 16 MiB/);
    expect(job.FailureReason).toContain("No space left on device");
  });

  it("a job runs below the control plane's CPU priority and cannot raise it back", async () => {
    const job = await engine.run("renice", `import os
print("NICE", os.getpriority(os.PRIO_PROCESS, 0))
for attempt in (lambda: os.nice(-10), lambda: os.setpriority(os.PRIO_PROCESS, 0, 0), lambda: os.setpriority(os.PRIO_PROCESS, 1, -5)):
    try:
        attempt()
        print("RAISED")
    except PermissionError:
        print("REFUSED")
print("NICE", os.getpriority(os.PRIO_PROCESS, 0))
`);
    expect(job.ProcessingJobStatus).toBe("Completed");
    const log = await engine.log("renice");
    expect(log.match(/^NICE \d+$/gm)).toEqual(["NICE 10", "NICE 10"]);
    expect(log.match(/^(REFUSED|RAISED)$/gm)).toEqual(["REFUSED", "REFUSED", "REFUSED"]);
  });

  it("a huge log keeps its head and tail within the cap, and says what it dropped", async () => {
    const job = await engine.run("loud", `import sys\nprint("FIRST-LINE")\nfor i in range(100000):\n    print("noise " * 8, i)\nprint("LAST-LINE")\n`);
    expect(job.ProcessingJobStatus).toBe("Completed");
    const log = await engine.log("loud");
    expect(statSync(path.join(engine.dataDir, "sagemaker", "jobs", "loud", "job.log")).size).toBeLessThan(1.1 * 1024 * 1024);
    expect(log).toContain("FIRST-LINE");
    expect(log).toContain("LAST-LINE");
    expect(log).toMatch(/\[ferry\] log truncated: \d+ bytes dropped here/);
  });
});

describe("network: off by default, egress only when allowed", () => {
  let listener: Server;
  let port: number;
  const peers: string[] = [];
  const hostAddress = Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address?.family === "IPv4" && !address.internal)?.address;
  beforeAll(async () => {
    listener = createServer((socket) => {
      peers.push(socket.remoteAddress ?? "");
      socket.end("hello");
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
  });

  const script = (targets: Array<[string, number]>) => `import json, socket
results = {}
for host, port in ${JSON.stringify(targets)}:
    try:
        s = socket.create_connection((host, port), timeout=2)
        s.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")
        results[f"{host}:{port}"] = s.recv(20).decode(errors="replace")
    except OSError as error:
        results[f"{host}:{port}"] = type(error).__name__
json.dump(results, open("/opt/ml/processing/output/result.json", "w"))
`;

  it("cannot open a socket to a loopback listener or to the engine, with network off or on", async () => {
    const enginePort = Number(new URL(engine.endpoint).port);
    const targets: Array<[string, number]> = [["127.0.0.1", port], ["127.0.0.1", enginePort], ["localhost", enginePort], [hostAddress ?? "", enginePort], [hostAddress ?? "", port]];
    const [off, on] = await Promise.all([engine.run("net-off", script(targets)), engine.run("net-on", script(targets), { network: true })]);
    expect(off.ProcessingJobStatus).toBe("Completed");
    expect(on.ProcessingJobStatus).toBe("Completed");
    for (const name of ["net-off", "net-on"]) {
      const results = await engine.result(name);
      for (const [target, outcome] of Object.entries(results)) expect(outcome, `${name} ${target}`).toMatch(/Error$/);
    }
    expect(peers).toEqual([]);
  });
});

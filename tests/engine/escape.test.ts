import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEscapeEngine, type EscapeEngine } from "./escape-support";
import { makeTempDir } from "./harness";

/**
 * A hostile job against the real engine: what it leaves behind in /opt/ml, what it tries to read or write on
 * the host, and who it is. Each attack is one job (or two); each must end with nothing of the host leaked.
 */

let engine: EscapeEngine;
let hostDir: string;
/** A root-only 0600 file in a 0700 folder, as a credential would be. */
let secretFile: string;
/** Shaped like a PostgreSQL cluster's data directory. */
let pgData: string;
const SECRET = `TOPSECRET-${randomUUID()}`;

beforeAll(async () => {
  engine = await startEscapeEngine();
  hostDir = await makeTempDir("escape-host");
  await chmod(hostDir, 0o700);
  secretFile = path.join(hostDir, "credentials");
  await writeFile(secretFile, `${SECRET}\n`, { mode: 0o600 });
  pgData = path.join(hostDir, "postgres");
  await mkdir(path.join(pgData, "base", "1"), { recursive: true, mode: 0o700 });
  await writeFile(path.join(pgData, "PG_VERSION"), "17\n");
  await writeFile(path.join(pgData, "base", "1", "1259"), SECRET);
});
afterAll(async () => {
  await engine?.close();
  await rm(hostDir, { recursive: true, force: true });
});

const py = JSON.stringify;

describe("what a job leaves in /opt/ml is never followed", () => {
  it("ExitMessage: a symlink to a root-only 0600 host file, or a FIFO, is not read", async () => {
    const [linked, fifo] = await Promise.all([
      engine.run("exit-link", `import os\nos.symlink(${py(secretFile)}, "/opt/ml/output/message")\n`),
      engine.run("exit-fifo", `import os\nos.mkfifo("/opt/ml/output/message")\n`),
    ]);
    for (const job of [linked, fifo]) {
      expect(job.ProcessingJobStatus).toBe("Completed");
      expect(job.ExitMessage).toBeUndefined();
    }
    expect(await engine.log("exit-link")).toContain("exit message not read: /opt/ml/output/message is a symbolic link");
    expect(await engine.log("exit-fifo")).toContain("is a FIFO");
  });

  it("an output LocalPath (or a folder above it) replaced by a symlink to a host folder fails the job and uploads nothing", async () => {
    const [leaf, parent] = await Promise.all([
      engine.run("out-link", `import os, shutil\nshutil.rmtree("/opt/ml/processing/output")\nos.symlink(${py(hostDir)}, "/opt/ml/processing/output")\n`),
      engine.run("parent-link", `import os\nos.rename("/opt/ml/processing", "/opt/ml/moved")\nos.symlink(${py(pgData)}, "/opt/ml/processing")\n`),
    ]);
    expect(leaf.ProcessingJobStatus).toBe("Failed");
    expect(leaf.FailureReason).toMatch(/^ClientError: could not upload output 'out' .*\/opt\/ml\/processing\/output is a symbolic link/);
    expect(parent.ProcessingJobStatus).toBe("Failed");
    expect(parent.FailureReason).toContain("/opt/ml/processing is a symbolic link");
    expect(await engine.uploaded("out-link")).toEqual([]);
    expect(await engine.uploaded("parent-link")).toEqual([]);
  });

  it("symlinks, hard links, FIFOs and sockets inside an output are skipped and logged; regular files are copied", async () => {
    const job = await engine.run(
      "out-specials",
      `import json, os, socket
out = "/opt/ml/processing/output"
open(f"{out}/real.txt", "w").write("mine")
os.symlink(${py(secretFile)}, f"{out}/file-link")
os.symlink(${py(hostDir)}, f"{out}/dir-link")
os.mkfifo(f"{out}/fifo")
socket.socket(socket.AF_UNIX).bind(f"{out}/sock")
os.link("/opt/ml/processing/input/code/job.py", f"{out}/hard-own")
attempts = {}
for target in [${py(secretFile)}, "/etc/passwd"]:
    try:
        os.link(target, f"{out}/hard-host")
        attempts[target] = "linked"
    except OSError as error:
        attempts[target] = type(error).__name__
json.dump(attempts, open(f"{out}/result.json", "w"))
`,
    );
    expect(job.FailureReason).toBeUndefined();
    expect((await engine.uploaded("out-specials")).sort()).toEqual(["real.txt", "result.json"]);
    expect(Object.values(await engine.result("out-specials"))).not.toContain("linked");
    const log = await engine.log("out-specials");
    for (const line of ["file-link (a symbolic link", "dir-link (a symbolic link", "fifo (a FIFO", "sock (a socket", "hard-own (a hard-linked file"]) expect(log).toContain(line);
  });
});

describe("the host is out of a job's reach", () => {
  it("cannot read root-only files, /etc/shadow, the engine's data, PostgreSQL's data, the repository or another job's workspace", async () => {
    const victim = engine.run("victim", `import time\nopen("/opt/ml/processing/output/victim.txt", "w").write(${py(SECRET)})\ntime.sleep(4)\n`);
    const victimFile = path.join(engine.dataDir, "sagemaker", "jobs", "victim", "root", "opt", "ml", "processing", "output", "victim.txt");
    for (let i = 0; i < 100 && !existsSync(victimFile); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const targets = [secretFile, "/etc/shadow", path.join(pgData, "PG_VERSION"), path.join(pgData, "base", "1", "1259"), victimFile, path.join(engine.dataDir, "sagemaker", "jobs", "victim", "job.log"), path.join(process.cwd(), "package.json"), "/root/.bash_history", `/proc/${process.pid}/environ`];
    const snoop = await engine.run(
      "snoop",
      `import json, os
found = {}
for target in ${py(targets)}:
    try:
        found[target] = open(target, errors="replace").read(200)
    except OSError as error:
        found[target] = type(error).__name__
for folder in [${py(engine.dataDir)}, ${py(hostDir)}, "/root", "/home", "/opt", "/var"]:
    try:
        found[folder] = os.listdir(folder)
    except OSError as error:
        found[folder] = type(error).__name__
found["processes"] = [open(f"/proc/{p}/cmdline").read().replace("\\0", " ") for p in os.listdir("/proc") if p.isdigit()]
json.dump(found, open("/opt/ml/processing/output/result.json", "w"))
`,
    );
    expect((await victim).ProcessingJobStatus).toBe("Completed");
    expect(snoop.ProcessingJobStatus).toBe("Completed");
    const found = await engine.result("snoop");
    expect(JSON.stringify(found)).not.toContain(SECRET);
    for (const target of targets) expect(found[target], target).toMatch(/^(FileNotFoundError|PermissionError)$/);
    expect(found["/opt"]).toEqual(["ml"]);
    expect(JSON.stringify(found.processes)).not.toMatch(/node|vitest|victim|time\.sleep/);
  });

  it("cannot write outside its /opt/ml (system folders, the repository, the engine's data, host folders)", async () => {
    const repoFile = path.join(process.cwd(), `escape-${randomUUID()}.txt`);
    const dataFile = path.join(engine.dataDir, "escape.txt");
    const targets = ["/etc/x", "/usr/x", "/x", "/opt/x", "/proc/sys/kernel/hostname", repoFile, dataFile, path.join(hostDir, "x")];
    const job = await engine.run(
      "writer",
      `import json
results = {}
for target in ${py(targets)}:
    try:
        open(target, "w").write("escape")
        results[target] = "written"
    except OSError as error:
        results[target] = type(error).__name__
json.dump(results, open("/opt/ml/processing/output/result.json", "w"))
`,
    );
    expect(job.ProcessingJobStatus).toBe("Completed");
    expect(Object.values(await engine.result("writer"))).not.toContain("written");
    for (const file of [repoFile, dataFile, path.join(hostDir, "x")]) expect(existsSync(file), file).toBe(false);
  });

  it("runs as an unprivileged uid inside and outside, with no capabilities, no_new_privs and the seccomp filter", async () => {
    const job = await engine.run(
      "whoami",
      `import ctypes, json, os
libc = ctypes.CDLL(None, use_errno=True)
def errno_of(result):
    return "ok" if result == 0 else os.strerror(ctypes.get_errno())
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
result = {
    "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(),
    "uid_map": open("/proc/self/uid_map").read().split(),
    "caps": [status[k].strip() for k in ("CapEff", "CapPrm", "CapBnd", "CapAmb")],
    "no_new_privs": status["NoNewPrivs"].strip(), "seccomp": status["Seccomp"].strip(),
    "nested_userns": errno_of(libc.unshare(0x10000000)),
    "keyctl": errno_of(libc.syscall(250, 0, 0, 0, 0, 0)),
    "setuid_root": errno_of(libc.setuid(0)),
    "mount": errno_of(libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)),
}
json.dump(result, open("/opt/ml/processing/output/result.json", "w"))
`,
    );
    expect(job.FailureReason).toBeUndefined();
    const r = await engine.result("whoami");
    expect(r).toMatchObject({ uid: 1000, gid: 1000, no_new_privs: "1", seccomp: "2" });
    // No host group comes along (unmapped ones would show as 65534, the overflow gid).
    expect((r.groups as number[]).filter((gid) => gid !== 1000 && gid !== 65534)).toEqual([]);
    expect(r.caps).toEqual(["0000000000000000", "0000000000000000", "0000000000000000", "0000000000000000"]);
    for (const call of ["nested_userns", "keyctl", "setuid_root", "mount"]) expect(r[call], call).toBe("Operation not permitted");
    // Inside uid 1000 is an unprivileged host uid: the engine's own as a normal user, a job slot's as root.
    const hostUid = Number((r.uid_map as string[])[(r.uid_map as string[]).indexOf("1000") + 1]);
    expect(hostUid).not.toBe(0);
    if (process.getuid?.() === 0) expect(hostUid).toBeGreaterThanOrEqual(2_000_000_000);
  });
});

import { describe, expect, it } from "vitest";
import { bwrapArgs } from "./bwrap-args";
import { jobLimits } from "./limits";
import type { SandboxSpec } from "./sandbox-spec";

const limits = jobLimits(
  { InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 1 },
  { memoryBytes: 2 ** 30, vcpus: 2, processes: 256, tmpBytes: 2 ** 28, shmBytes: 2 ** 26, logBytes: 2 ** 20 },
);
const spec: SandboxSpec = {
  optMlDir: "/data/jobs/a/root/opt/ml",
  imageBinds: [{ source: "/data/images/x/layer/app", dest: "/app" }],
  python: "/usr/bin/python3.11",
  extraReadOnly: [],
  command: ["python", "run.py"],
  workdir: "/app",
  env: { MODE: "test" },
  network: false,
  user: { hostUid: 2_000_000_003, hostGid: 2_000_000_003, engineIsRoot: true },
  limits,
};
const asUser: SandboxSpec = { ...spec, user: { hostUid: 1000, hostGid: 1000, engineIsRoot: false } };
const host = { topLevel: { "/bin": "usr/bin", "/lib64": null } };

function pairs(args: string[], flag: string): string[][] {
  return args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 3)] : []));
}

describe("bwrapArgs", () => {
  it("gives every job its own user and network namespace, with or without network", () => {
    for (const s of [spec, { ...spec, network: true }, asUser]) {
      expect(bwrapArgs(s, host)).toEqual(expect.arrayContaining(["--unshare-user", "--unshare-net", "--unshare-pid", "--die-with-parent", "--new-session", "--clearenv"]));
    }
  });

  it("binds only the job's /opt/ml read-write, and the system read-only", () => {
    const args = bwrapArgs(spec, host);
    expect(pairs(args, "--bind")).toEqual([["/data/jobs/a/root/opt/ml", "/opt/ml"]]);
    expect(pairs(args, "--ro-bind")).toEqual(expect.arrayContaining([["/usr", "/usr"], ["/data/images/x/layer/app", "/app"]]));
    expect(pairs(args, "--symlink")).toEqual(expect.arrayContaining([["usr/bin", "/bin"]]));
    expect(args.join(" ")).not.toMatch(/--ro-bind \/etc \/etc|--ro-bind \/ \//);
  });

  it("sizes /tmp and /dev/shm as the limits say", () => {
    const args = bwrapArgs(spec, host).join(" ");
    expect(args).toContain(`--perms 1777 --size ${2 ** 28} --tmpfs /tmp`);
    expect(args).toContain(`--perms 1777 --size ${2 ** 26} --tmpfs /dev/shm`);
  });

  it("as root, keeps only what setpriv needs and drops to the job's uid before the command", () => {
    const args = bwrapArgs(spec, host);
    expect(pairs(args, "--cap-add").map(([cap]) => cap)).toEqual(["CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP"]);
    expect(args.slice(args.indexOf("--") + 1)).toEqual(["/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--", "python", "run.py"]);
  });

  it("as a normal user, adds no capability and runs the command directly", () => {
    const args = bwrapArgs(asUser, host);
    expect(args).not.toContain("--cap-add");
    expect(args.slice(-3)).toEqual(["--", "python", "run.py"]);
  });

  it("puts python and python3 first on PATH, even when the job sets PATH", () => {
    const args = bwrapArgs({ ...spec, env: { PATH: "/opt/tool/bin:/usr/bin", MODE: "test" } }, host);
    expect(pairs(args, "--symlink")).toEqual(expect.arrayContaining([["/usr/bin/python3.11", "/.ferry/bin/python"], ["/usr/bin/python3.11", "/.ferry/bin/python3"]]));
    const setenv = args.flatMap((a, i) => (a === "--setenv" ? [[args[i + 1], args[i + 2]]] : []));
    expect(setenv).toEqual(expect.arrayContaining([["PATH", "/.ferry/bin:/opt/tool/bin:/usr/bin"], ["HOME", "/tmp"], ["MODE", "test"]]));
  });
});

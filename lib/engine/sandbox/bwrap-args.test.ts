import { describe, expect, it } from "vitest";
import { bwrapArgs } from "./bwrap-args";
import type { SandboxSpec } from "./sandbox-spec";

const spec: SandboxSpec = {
  optMlDir: "/data/jobs/a/root/opt/ml",
  imageBinds: [{ source: "/data/images/x/layer/app", dest: "/app" }],
  python: "/usr/bin/python3.11",
  extraReadOnly: [],
  command: ["python", "run.py"],
  workdir: "/app",
  env: { MODE: "test" },
  network: false,
};
const host = { topLevel: { "/bin": "usr/bin", "/lib64": null } };

function pairs(args: string[], flag: string): string[][] {
  return args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 3)] : []));
}

describe("bwrapArgs", () => {
  it("denies the network unless the request allows it", () => {
    expect(bwrapArgs(spec, host)).toContain("--unshare-net");
    expect(bwrapArgs({ ...spec, network: true }, host)).not.toContain("--unshare-net");
  });

  it("binds only the job's /opt/ml read-write, and the system read-only", () => {
    const args = bwrapArgs(spec, host);
    expect(pairs(args, "--bind")).toEqual([["/data/jobs/a/root/opt/ml", "/opt/ml"]]);
    expect(pairs(args, "--ro-bind")).toEqual(expect.arrayContaining([["/usr", "/usr"], ["/data/images/x/layer/app", "/app"]]));
    expect(pairs(args, "--symlink")).toEqual(expect.arrayContaining([["usr/bin", "/bin"]]));
    expect(args.join(" ")).not.toMatch(/--ro-bind \/etc \/etc|--ro-bind \/ \//);
    expect(args).toEqual(expect.arrayContaining(["--die-with-parent", "--new-session", "--unshare-pid", "--clearenv", "--cap-drop"]));
  });

  it("puts python and python3 first on PATH, even when the job sets PATH", () => {
    const args = bwrapArgs({ ...spec, env: { PATH: "/opt/tool/bin:/usr/bin", MODE: "test" } }, host);
    expect(pairs(args, "--symlink")).toEqual(expect.arrayContaining([["/usr/bin/python3.11", "/.ferry/bin/python"], ["/usr/bin/python3.11", "/.ferry/bin/python3"]]));
    const setenv = args.flatMap((a, i) => (a === "--setenv" ? [[args[i + 1], args[i + 2]]] : []));
    expect(setenv).toEqual(expect.arrayContaining([["PATH", "/.ferry/bin:/opt/tool/bin:/usr/bin"], ["HOME", "/tmp"], ["MODE", "test"]]));
  });

  it("ends with the command after --", () => {
    expect(bwrapArgs(spec, host).slice(-3)).toEqual(["--", "python", "run.py"]);
  });
});

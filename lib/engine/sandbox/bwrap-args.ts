import type { SandboxSpec } from "./sandbox-spec";
import { FERRY_BIN, SANDBOX_PATH } from "./sandbox-spec";

/** Top-level system folders; on merged-/usr systems some are symlinks, recreated as such inside. */
export interface HostLayout {
  /** e.g. { "/bin": "usr/bin" } for symlinks, { "/lib64": null } for real folders. */
  topLevel: Record<string, string | null>;
}

/**
 * The parts of /etc a Python job needs (dynamic linker cache, alternatives for BLAS, users, time zone, TLS
 * roots, DNS when network is allowed). The rest of /etc, such as /etc/shadow, stays out of the sandbox.
 */
const ETC_ENTRIES = [
  "alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "passwd", "group", "nsswitch.conf", "hosts",
  "resolv.conf", "localtime", "timezone", "ssl", "ca-certificates", "mime.types", "python3", "python3.11",
  "matplotlibrc", "fonts", "debian_version", "os-release",
];

/**
 * bubblewrap arguments for a job: an empty tmpfs root, the host's system read-only, the job's /opt/ml
 * read-write, a private /tmp, new PID/IPC/UTS/cgroup namespaces, no network unless asked, all capabilities
 * dropped, a clean environment, and the child killed when the engine dies. Nothing else of the host (other
 * jobs, the engine's data, the repository, /root, /home) exists inside.
 */
export function bwrapArgs(spec: SandboxSpec, host: HostLayout): string[] {
  const args = [
    "--die-with-parent", "--new-session",
    "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
    ...(spec.network ? [] : ["--unshare-net"]),
    "--cap-drop", "ALL",
    "--hostname", "algo-1",
    "--ro-bind", "/usr", "/usr",
  ];
  for (const [dir, link] of Object.entries(host.topLevel)) {
    args.push(...(link === null ? ["--ro-bind-try", dir, dir] : ["--symlink", link, dir]));
  }
  args.push("--dir", "/etc");
  for (const entry of ETC_ENTRIES) args.push("--ro-bind-try", `/etc/${entry}`, `/etc/${entry}`);
  for (const dir of spec.extraReadOnly) args.push("--ro-bind", dir, dir);
  args.push("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp");
  args.push("--dir", "/opt", "--bind", spec.optMlDir, "/opt/ml");
  for (const bind of spec.imageBinds) args.push("--ro-bind", bind.source, bind.dest);
  args.push("--dir", FERRY_BIN);
  args.push("--symlink", spec.python, `${FERRY_BIN}/python`, "--symlink", spec.python, `${FERRY_BIN}/python3`);
  args.push("--remount-ro", "/", "--chdir", spec.workdir, "--clearenv");
  const merged: Record<string, string> = { HOME: "/tmp", LANG: "C.UTF-8", HOSTNAME: "algo-1", ...spec.env };
  // `python` must resolve to the configured interpreter even when the image or request sets its own PATH.
  const env = { ...merged, PATH: merged.PATH ? `${FERRY_BIN}:${merged.PATH}` : SANDBOX_PATH };
  for (const [name, value] of Object.entries(env)) args.push("--setenv", name, value);
  return [...args, "--", ...spec.command];
}

import type { SandboxSpec } from "./sandbox-spec";
import { FERRY_BIN, SANDBOX_FD, SANDBOX_PATH } from "./sandbox-spec";
import { dropToJobUser } from "./sandbox-user";

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

/** As root, bubblewrap keeps only what `setpriv` needs to become the job's user; it drops them itself. */
const ROOT_SETUP_CAPS = ["CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP"];

/**
 * bubblewrap arguments for a job: its own user, PID, IPC, UTS, cgroup and network namespaces; an empty tmpfs
 * root with the host's system read-only, the job's /opt/ml read-write, a sized tmpfs /tmp and /dev/shm; a
 * clean environment; no capabilities; the seccomp filter; the child killed when the engine dies. Nothing
 * else of the host (other jobs, the engine's data, the repository, /root, /home) exists inside.
 */
export function bwrapArgs(spec: SandboxSpec, host: HostLayout): string[] {
  const fd = (n: number) => String(n);
  const args = [
    "--die-with-parent", "--new-session",
    "--unshare-user", "--userns-block-fd", fd(SANDBOX_FD.USERNS_BLOCK), "--info-fd", fd(SANDBOX_FD.INFO), "--block-fd", fd(SANDBOX_FD.BLOCK),
    "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--unshare-net",
    "--cap-drop", "ALL",
    ...(spec.user.engineIsRoot ? ROOT_SETUP_CAPS.flatMap((cap) => ["--cap-add", cap]) : []),
    "--seccomp", fd(SANDBOX_FD.SECCOMP),
    "--hostname", "algo-1",
    "--ro-bind", "/usr", "/usr",
  ];
  for (const [dir, link] of Object.entries(host.topLevel)) {
    args.push(...(link === null ? ["--ro-bind-try", dir, dir] : ["--symlink", link, dir]));
  }
  args.push("--dir", "/etc");
  for (const entry of ETC_ENTRIES) args.push("--ro-bind-try", `/etc/${entry}`, `/etc/${entry}`);
  for (const dir of spec.extraReadOnly) args.push("--ro-bind", dir, dir);
  args.push("--proc", "/proc", "--dev", "/dev");
  args.push(...sizedTmpfs("/tmp", spec.limits.tmpBytes), ...sizedTmpfs("/dev/shm", spec.limits.shmBytes));
  args.push("--dir", "/opt", "--bind", spec.optMlDir, "/opt/ml");
  for (const bind of spec.imageBinds) args.push("--ro-bind", bind.source, bind.dest);
  args.push("--dir", FERRY_BIN);
  args.push("--symlink", spec.python, `${FERRY_BIN}/python`, "--symlink", spec.python, `${FERRY_BIN}/python3`);
  args.push("--remount-ro", "/", "--chdir", spec.workdir, "--clearenv");
  const merged: Record<string, string> = { HOME: "/tmp", LANG: "C.UTF-8", HOSTNAME: "algo-1", ...spec.env };
  // `python` must resolve to the configured interpreter even when the image or request sets its own PATH.
  const env = { ...merged, PATH: merged.PATH ? `${FERRY_BIN}:${merged.PATH}` : SANDBOX_PATH };
  for (const [name, value] of Object.entries(env)) args.push("--setenv", name, value);
  return [...args, "--", ...dropToJobUser(spec.user), ...spec.command];
}

/** A tmpfs anyone inside may write to (sticky, as /tmp is), never larger than `bytes`. */
function sizedTmpfs(dest: string, bytes: number): string[] {
  return ["--perms", "1777", "--size", String(bytes), "--tmpfs", dest];
}

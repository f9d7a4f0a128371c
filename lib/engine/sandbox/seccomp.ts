import { execFile } from "node:child_process";

/**
 * The system calls a job may not make, and the errno it gets instead. The list is what Docker's default
 * profile refuses a container (SageMaker runs jobs in Docker) that capabilities alone do not already refuse,
 * plus io_uring, which Docker has refused since 25.0. Nested user namespaces are refused too: a job that
 * made one would be root in it, could mount tmpfs beyond its limits and reach kernel code meant for root.
 * clone3 passes its flags in memory a filter cannot read, so it reports ENOSYS and the C library falls back
 * to clone, whose flags the filter does read.
 */
const GENERATOR = `
import errno, sys
from seccomp import SyscallFilter, ALLOW, ERRNO, Arg, MASKED_EQ
CLONE_NEWUSER = 0x10000000
denied = """acct add_key bpf clock_adjtime clock_settime create_module delete_module finit_module
get_kernel_syms get_mempolicy init_module io_uring_enter io_uring_register io_uring_setup ioperm iopl kcmp
kexec_file_load kexec_load keyctl lookup_dcookie mbind mount move_mount move_pages name_to_handle_at
nfsservctl open_by_handle_at open_tree perf_event_open pivot_root process_vm_readv process_vm_writev
query_module quotactl reboot request_key set_mempolicy setns settimeofday stime swapoff swapon sysfs
_sysctl umount umount2 uselib userfaultfd ustat vm86 vm86old fsopen fsconfig fsmount fspick""".split()
f = SyscallFilter(ALLOW)
for name in denied:
    try:
        f.add_rule(ERRNO(errno.EPERM), name)
    except (RuntimeError, ValueError):
        pass  # not a system call on this architecture
f.add_rule(ERRNO(errno.ENOSYS), "clone3")
f.add_rule(ERRNO(errno.EPERM), "unshare", Arg(0, MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER))
f.add_rule(ERRNO(errno.EPERM), "clone", Arg(0, MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER))
f.export_bpf(sys.stdout)
`;

/** libseccomp's Python binding compiles the filter; Debian's python3 is where distributions install it. */
const SECCOMP_PYTHON = "/usr/bin/python3";

function seccompMissingMessage(detail: string): string {
  return (
    "ClientError: the engine could not build the system-call filter jobs run under (libseccomp's Python binding). " +
    "Install it (Debian/Ubuntu: sudo apt-get install python3-seccomp; Fedora/RHEL: sudo dnf install python3-libseccomp; " +
    `Arch: sudo pacman -S python-libseccomp; Alpine: apk add py3-libseccomp) and restart the engine. Job code is never run without it. (${detail})`
  );
}

let compiled: Promise<Buffer> | undefined;

/**
 * The compiled BPF program bubblewrap installs with `--seccomp`, built once per engine process. A failure is
 * not remembered, so installing the binding while the engine runs is enough.
 */
export function seccompFilter(): Promise<Buffer> {
  compiled ??= compile().catch((error: unknown) => {
    compiled = undefined;
    throw error;
  });
  return compiled;
}

function compile(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(SECCOMP_PYTHON, ["-c", GENERATOR], { encoding: "buffer", timeout: 30_000 }, (error, stdout, stderr) => {
      if (error || stdout.length === 0) {
        const detail = stderr.toString("utf8").trim().split("\n").pop() || (error?.message ?? "no output");
        reject(new Error(seccompMissingMessage(detail)));
        return;
      }
      resolve(stdout);
    });
  });
}

import { spawn, type ChildProcess } from "node:child_process";
import { access, constants, readFile } from "node:fs/promises";

const PASTA = "/usr/bin/pasta";

/**
 * The job's network, when its request allows one: pasta (from Debian's `passt`) gives the job's own network
 * namespace a user-mode connection to the outside, made of ordinary sockets of the host. Only egress: no port
 * of the host is forwarded in (-t/-u none), the namespace's loopback is its own and nothing is forwarded to
 * the host's (-T/-U none), and the gateway is not mapped to the host (--no-map-gw), so services listening on
 * the host's loopback (the app, the engine, PostgreSQL) are out of reach. The namespace gets the addresses
 * rootless Podman and slirp4netns use, so the host's own address is reached as any other machine's would be.
 */
const PASTA_ARGS = [
  "-f", "-q", "--config-net", "--ipv4-only",
  "--address", "10.0.2.15", "--netmask", "24", "--gateway", "10.0.2.2",
  "-t", "none", "-u", "none", "-T", "none", "-U", "none", "--no-map-gw",
];

// pasta is up in milliseconds on a quiet host; a busy one (many jobs starting at once) must not fail a job for it.
const READY_TIMEOUT_MS = 30_000;

function pastaMissingMessage(): string {
  return (
    `ClientError: this job allows network access (NetworkConfig.EnableNetworkIsolation is false), which needs pasta at ${PASTA} and it was not found. ` +
    "Install it (Debian/Ubuntu: sudo apt-get install passt; Fedora/RHEL: sudo dnf install passt; Arch: sudo pacman -S passt) and restart the engine, " +
    "or run the job with network isolation."
  );
}

const TUN = "/dev/net/tun";

function tunMessage(): string {
  return (
    `ClientError: this job allows network access (NetworkConfig.EnableNetworkIsolation is false), and pasta needs ${TUN}, which the engine's user cannot open here. ` +
    `Most distributions make it usable by everyone (sudo chmod 0666 ${TUN}); otherwise run the engine as root, or the job with network isolation.`
  );
}

export interface EgressNetwork {
  stop(): void;
}

/**
 * Connects the network namespace of the sandbox process `pid` and resolves once its default route is there
 * (the job must not start before its network). pasta dies with the engine (--pdeathsig) and is stopped when
 * the job ends. As root pasta keeps uid 0 to enter the job's namespaces, which root owns; it drops its
 * capabilities and confines itself once the interface is set up.
 */
export async function startEgressNetwork(pid: number): Promise<EgressNetwork> {
  const usable = (file: string, mode: number) => access(file, mode).then(() => true, () => false);
  if (!(await usable(PASTA, constants.X_OK))) throw new Error(pastaMissingMessage());
  if (!(await usable(TUN, constants.R_OK | constants.W_OK))) throw new Error(tunMessage());
  const runAs = process.getuid?.() === 0 ? ["--runas", "0"] : [];
  const child = spawn("/usr/bin/setpriv", ["--pdeathsig", "KILL", "--", PASTA, ...PASTA_ARGS, ...runAs, "--netns", `/proc/${pid}/ns/net`, "--userns", `/proc/${pid}/ns/user`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-2000)));
  const network = { stop: () => void child.kill("SIGKILL") };
  try {
    await routeReady(pid, child);
    return network;
  } catch (error) {
    network.stop();
    const detail = stderr.split("\n").filter((line) => line && !line.startsWith("Failed to send")).pop();
    throw new Error(`ClientError: could not give the job its network (pasta: ${detail ?? (error instanceof Error ? error.message : String(error))}).`);
  }
}

/** Polls the namespace's routing table until pasta has added the default route, or pasta exits. */
async function routeReady(pid: number, pasta: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  pasta.once("exit", () => (exited = true));
  pasta.once("error", () => (exited = true));
  for (;;) {
    const routes = await readFile(`/proc/${pid}/net/route`, "utf8").catch(() => "");
    if (/^\S+\t00000000\t/m.test(routes)) return;
    if (exited) throw new Error("pasta exited before the network was up");
    if (Date.now() > deadline) throw new Error(`no route after ${READY_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

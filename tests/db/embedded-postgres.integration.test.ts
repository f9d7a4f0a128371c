// lib/db/embedded-postgres.ts: first start initialises, later starts reuse the data, stop is safe after Ctrl-C.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded-postgres";

let root: string;
const started: EmbeddedPostgres[] = [];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "ferry-embedded-pg-"));
  await fs.chmod(root, 0o755); // as root, PostgreSQL runs as `postgres` and must enter this dir
});
afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  await fs.rm(root, { recursive: true, force: true });
});

async function start(dataDir: string, database = "ferry"): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir, port: 0, database });
  started.push(server);
  return server;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Alive and not a zombie: an orphan's exit is never reaped where PID 1 does not reap. */
const running = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

describe("embedded PostgreSQL", () => {
  it("initialises on first start, creates the database, and keeps data across restarts", async () => {
    const dataDir = path.join(root, "persist");
    const first = await start(dataDir, "app_db");
    expect(first.url).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/app_db$/);
    await query(first.url, `CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('survives')`);
    await first.stop();
    expect(alive(first.pid)).toBe(false);
    await first.stop(); // idempotent

    const second = await start(dataDir, "app_db");
    expect(second.port).toBeGreaterThan(0);
    expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "survives" }]);
    await second.stop();
  });

  it("refuses a second server on a data dir that is in use, naming the pid", async () => {
    const dataDir = path.join(root, "busy");
    const server = await start(dataDir);
    await expect(start(dataDir)).rejects.toThrow(new RegExp(`already running on .*busy \\(pid ${server.pid}\\)`));
    await server.stop();
  });

  it("shuts down a server orphaned by a dead Ferry process and takes over its data", async () => {
    const dataDir = path.join(root, "orphan");
    const orphan = await start(dataDir);
    await query(orphan.url, `CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('still here')`);
    // Pretend the process that started it died: its owner pid no longer exists.
    const dead = spawnSync("true").pid;
    await fs.writeFile(path.join(dataDir, "ferry-owner.pid"), `${dead}\n`);

    const successor = await start(dataDir);
    await orphan.exited;
    expect(alive(orphan.pid)).toBe(false);
    expect(await query(successor.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    await successor.stop();
  });

  it("stops when the process that started it is killed -9, which runs no exit handler: nothing is left running", async () => {
    const dataDir = path.join(root, "owner-killed");
    const code = `import { startEmbeddedPostgres } from "./lib/db/embedded-postgres.ts";
      const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: 0, database: "ferry" });
      console.log("postgres " + server.pid);
      setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = "";
      owner.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const found = /postgres (\d+)/.exec(out)?.[1];
        if (found) resolve(Number(found));
      });
      owner.once("exit", () => reject(new Error(`the owner exited before PostgreSQL was ready: ${out}`)));
    });
    expect(running(pid)).toBe(true);
    owner.kill("SIGKILL");
    await expect.poll(() => running(pid), { timeout: 20_000 }).toBe(false);
  });

  it("runs in a process group of its own: a terminal's Ctrl-C reaches its owner only, which stops it last", async () => {
    const server = await start(path.join(root, "own-group"));
    const groupOf = (pid: number) => spawnSync("ps", ["-o", "pgid=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim();
    expect(groupOf(server.pid)).toBe(String(server.pid));
    expect(groupOf(server.pid)).not.toBe(groupOf(process.pid));
    await server.stop();
  });

  it("stop() resolves when PostgreSQL already got Ctrl-C's SIGINT itself", async () => {
    const server = await start(path.join(root, "ctrl-c"));
    process.kill(server.pid, "SIGINT");
    await server.exited;
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it("refuses to initialise over a non-empty directory that is not a cluster", async () => {
    const dataDir = path.join(root, "junk");
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(dataDir, "notes.txt"), "mine");
    await expect(start(dataDir)).rejects.toThrow(/not empty but holds no PostgreSQL cluster/);
    expect(await fs.readFile(path.join(dataDir, "notes.txt"), "utf8")).toBe("mine");
  });

  it("fails with PostgreSQL's own words when the port is taken", async () => {
    const holder = await start(path.join(root, "holder"));
    await expect(startEmbeddedPostgres({ dataDir: path.join(root, "clash"), port: holder.port })).rejects.toThrow(
      /PostgreSQL exited during startup[\s\S]*(could not bind|Address already in use)/,
    );
    await holder.stop();
  });
});

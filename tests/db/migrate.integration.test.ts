// The migration runner against real PostgreSQL, each case in its own scratch database.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_TABLE, checksum, migrate } from "@/lib/db/migrate";
import { MIGRATIONS_DIR } from "../setup/database";
import { createScratchDatabase, withClient, type ScratchDatabase } from "../setup/db";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scratch(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase("migrate");
  cleanups.push(db.drop);
  return db;
}

/** A temporary migrations folder: name → SQL. */
async function folder(migrations: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "ferry-migrations-"));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(migrations)) await writeMigration(dir, name, sql);
  return dir;
}

async function writeMigration(dir: string, name: string, sql: string): Promise<void> {
  await fs.mkdir(path.join(dir, name), { recursive: true });
  await fs.writeFile(path.join(dir, name, "migration.sql"), sql);
}

const history = (url: string) =>
  withClient(async (client) => {
    const { rows } = await client.query<{ name: string; checksum: string; duration_ms: number; applied_at: Date }>(
      `SELECT name, checksum, duration_ms, applied_at FROM "${MIGRATIONS_TABLE}" ORDER BY applied_at, name`,
    );
    return rows;
  }, url);

describe("migrate", () => {
  it("applies folders in name order, records them, and does nothing the second time", async () => {
    const db = await scratch();
    // Written out of order on purpose: b needs a's table, so only name order succeeds.
    const dir = await folder({
      "20240102000000_b": `INSERT INTO "things" ("label") VALUES ('from b');`,
      "20240101000000_a": `CREATE TABLE "things" ("label" TEXT NOT NULL);`,
    });
    expect(await migrate(db.url, dir)).toEqual({ applied: ["20240101000000_a", "20240102000000_b"] });

    const rows = await history(db.url);
    expect(rows.map((row) => row.name)).toEqual(["20240101000000_a", "20240102000000_b"]);
    expect(rows[0]?.checksum).toBe(checksum(`CREATE TABLE "things" ("label" TEXT NOT NULL);`));
    expect(rows[0]?.duration_ms).toBeGreaterThanOrEqual(0);
    expect(rows[0]?.applied_at).toBeInstanceOf(Date);

    expect(await migrate(db.url, dir)).toEqual({ applied: [] });
    const count = await withClient((client) => client.query(`SELECT count(*)::int AS n FROM "things"`), db.url);
    expect(count.rows[0]).toEqual({ n: 1 });

    await writeMigration(dir, "20240103000000_c", `ALTER TABLE "things" ADD COLUMN "n" INTEGER;`);
    expect(await migrate(db.url, dir)).toEqual({ applied: ["20240103000000_c"] });
  });

  it("applies the real prisma/migrations folder", async () => {
    const db = await scratch();
    const { applied } = await migrate(db.url, MIGRATIONS_DIR);
    expect(applied.length).toBeGreaterThan(0);
    expect(applied[0]).toMatch(/^\d{14}_init$/);
  });

  it("rolls a failing migration back completely and names it", async () => {
    const db = await scratch();
    const dir = await folder({
      "1_ok": `CREATE TABLE "a" ("id" INTEGER);`,
      "2_bad": `CREATE TABLE "b" ("id" INTEGER);\nINSERT INTO "missing" VALUES (1);`,
    });
    await expect(migrate(db.url, dir)).rejects.toThrow(/Migration "2_bad" failed at line 2 and was rolled back: relation "missing" does not exist/);
    const tables = await withClient(
      (client) => client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`),
      db.url,
    );
    expect(tables.rows.map((row) => row.name)).toEqual([MIGRATIONS_TABLE, "a"].sort());
    expect((await history(db.url)).map((row) => row.name)).toEqual(["1_ok"]);
  });

  it("refuses an already-applied migration whose file changed", async () => {
    const db = await scratch();
    const dir = await folder({ "1_init": `CREATE TABLE "a" ("id" INTEGER);` });
    await migrate(db.url, dir);
    await writeMigration(dir, "1_init", `CREATE TABLE "a" ("id" BIGINT);`);
    await writeMigration(dir, "2_next", `CREATE TABLE "b" ("id" INTEGER);`);
    await expect(migrate(db.url, dir)).rejects.toThrow(/Migration "1_init" was edited after it was applied/);
    // Nothing after the refusal ran.
    expect((await history(db.url)).map((row) => row.name)).toEqual(["1_init"]);
  });

  it("refuses a database that has a migration the folder lacks", async () => {
    const db = await scratch();
    const dir = await folder({ "1_init": `SELECT 1;`, "2_gone": `SELECT 2;` });
    await migrate(db.url, dir);
    await fs.rm(path.join(dir, "2_gone"), { recursive: true });
    await expect(migrate(db.url, dir)).rejects.toThrow(/database has migration "2_gone" applied, but prisma\/migrations has no such folder/);
  });

  it("refuses a migration folder without migration.sql", async () => {
    const db = await scratch();
    const dir = await folder({ "1_init": `SELECT 1;` });
    await fs.mkdir(path.join(dir, "2_empty"));
    await expect(migrate(db.url, dir)).rejects.toThrow(/Migration folder 2_empty has no migration.sql/);
  });

  it("refuses a migration that manages its own transaction", async () => {
    const db = await scratch();
    const dir = await folder({ "1_tx": `BEGIN;\nCREATE TABLE "a" ("id" INTEGER);\nCOMMIT;` });
    await expect(migrate(db.url, dir)).rejects.toThrow(/Migration 1_tx contains "BEGIN": each migration already runs in its own transaction/);
  });

  it("two runners at once apply each migration exactly once", async () => {
    const db = await scratch();
    // pg_sleep widens the race window; without the lock both runners would try to create "slow" and one would fail.
    const dir = await folder({
      "1_slow": `SELECT pg_sleep(0.5); CREATE TABLE "slow" ("id" INTEGER);`,
      "2_count": `CREATE TABLE "runs_seen" ("n" INTEGER); INSERT INTO "runs_seen" VALUES (1);`,
    });
    const results = await Promise.all([migrate(db.url, dir), migrate(db.url, dir), migrate(db.url, dir)]);
    const appliedEverywhere = results.flatMap((result) => result.applied).sort();
    expect(appliedEverywhere).toEqual(["1_slow", "2_count"]);
    expect(results.filter((result) => result.applied.length === 2)).toHaveLength(1);
    const seen = await withClient((client) => client.query(`SELECT count(*)::int AS n FROM "runs_seen"`), db.url);
    expect(seen.rows[0]).toEqual({ n: 1 });
    expect(await history(db.url)).toHaveLength(2);
  });
});

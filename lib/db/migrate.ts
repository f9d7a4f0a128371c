// Applies prisma/migrations/<name>/migration.sql files in folder-name order. `prisma migrate` cannot run on
// machines without its downloaded schema engine, so Ferry keeps Prisma's folder layout and applies it itself.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** Bookkeeping table; deliberately not `_prisma_migrations` so Prisma tooling never mistakes it for its own. */
export const MIGRATIONS_TABLE = "_ferry_migrations";
// Arbitrary constant shared by every Ferry process: pg_advisory_lock(key) serialises concurrent runners.
const LOCK_KEY = 4_715_020_611_730_101n;
const LOCK_WAIT = "120s";

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  /** Names applied by this call, in order (empty when the database was already up to date). */
  applied: string[];
}

export interface MigrateOptions {
  log?: (message: string) => void;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export function checksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Migration folders sorted by name; the timestamp prefix makes that chronological. */
export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch((error: unknown) => {
    throw new MigrationError(`Cannot read migrations folder ${migrationsDir}: ${String(error)}`);
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const file = path.join(migrationsDir, name, "migration.sql");
    const sql = await fs.readFile(file, "utf8").catch(() => {
      throw new MigrationError(`Migration folder ${name} has no migration.sql (${file})`);
    });
    // The runner wraps each file in its own transaction; a COMMIT inside would silently end it early.
    // (`END;` is allowed: PL/pgSQL function bodies close blocks with it.)
    const control = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK)\s*;/im.exec(sql);
    if (control) {
      throw new MigrationError(
        `Migration ${name} contains "${control[1]}": each migration already runs in its own transaction; remove the transaction control.`,
      );
    }
    migrations.push({ name, sql, checksum: checksum(sql) });
  }
  return migrations;
}

interface AppliedRow {
  name: string;
  checksum: string;
}

/** Refuses to continue when history and files disagree: silently skipping either would leave drift behind. */
function verifyHistory(files: MigrationFile[], applied: AppliedRow[]): void {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of applied) {
    const file = byName.get(row.name);
    if (!file) {
      throw new MigrationError(
        `The database has migration "${row.name}" applied, but prisma/migrations has no such folder. ` +
          `Restore it (or point DATABASE_URL at the right database); Ferry will not run against a schema it does not know.`,
      );
    }
    if (file.checksum !== row.checksum.trim()) {
      throw new MigrationError(
        `Migration "${row.name}" was edited after it was applied (recorded sha256 ${row.checksum.trim()}, file now ${file.checksum}). ` +
          `Revert the edit and put the change in a new migration folder.`,
      );
    }
  }
}

/** host:port/database of a connection URL, without credentials (safe to print). */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the database (unparseable URL)";
  }
}

/** Node's connection errors can be AggregateErrors with an empty message; show their parts instead. */
function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.message === "") return error.errors.map(errorText).join("; ");
  return error instanceof Error ? error.message : String(error);
}

/** "line N" for a PostgreSQL error position (1-based character offset into the SQL). */
function describePosition(sql: string, error: unknown): string {
  if (!(error instanceof Error) || !("position" in error) || typeof error.position !== "string") return "";
  const offset = Number.parseInt(error.position, 10);
  if (!Number.isFinite(offset)) return "";
  return ` at line ${sql.slice(0, offset).split("\n").length}`;
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const started = performance.now();
  await client.query("BEGIN");
  try {
    // One simple-protocol query runs the whole multi-statement file inside this transaction.
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum, duration_ms) VALUES ($1, $2, $3)`,
      [migration.name, migration.checksum, Math.round(performance.now() - started)],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new MigrationError(
      `Migration "${migration.name}" failed${describePosition(migration.sql, error)} and was rolled back: ${errorText(error)}`,
      { cause: error },
    );
  }
}

/**
 * Applies every pending migration of `migrationsDir` to `databaseUrl`, each in its own transaction, while holding
 * an advisory lock so concurrent starts apply each migration exactly once.
 */
export async function migrate(databaseUrl: string, migrationsDir: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const files = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "ferry-migrate" });
  await client.connect().catch((error: unknown) => {
    throw new MigrationError(`Cannot connect to ${describeUrl(databaseUrl)} to migrate it: ${errorText(error)}`, { cause: error });
  });
  try {
    await client.query(`SET lock_timeout = '${LOCK_WAIT}'`);
    try {
      await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY.toString()]);
    } catch (error) {
      throw new MigrationError(
        `Timed out after ${LOCK_WAIT} waiting for the migration lock; is another "npm run db:migrate" or start stuck?`,
        { cause: error },
      );
    }
    await client.query("RESET lock_timeout");
    try {
      // Created under the lock: concurrent CREATE TABLE IF NOT EXISTS can still collide in pg_type.
      await client.query(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
        name        TEXT PRIMARY KEY,
        checksum    CHAR(64) NOT NULL,
        applied_at  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
        duration_ms INTEGER NOT NULL
      )`);
      const { rows } = await client.query<AppliedRow>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
      verifyHistory(files, rows);
      const done = new Set(rows.map((row) => row.name));
      const applied: string[] = [];
      for (const migration of files) {
        if (done.has(migration.name)) continue;
        log(`Applying migration ${migration.name}`);
        await applyOne(client, migration);
        applied.push(migration.name);
      }
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY.toString()]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

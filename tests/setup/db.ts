// Helpers for integration tests (the `db` Vitest project).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { MIGRATIONS_TABLE } from "@/lib/db/migrate";
import { withDatabase } from "./database";

export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

/** Opens a pg client on `url` (default: the test database), runs `fn`, always closes it. */
export async function withClient<T>(fn: (client: pg.Client) => Promise<T>, url: string = testDatabaseUrl()): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Empties every app table (not the migrations record) and restarts sequences; call between test files. */
export async function resetDatabase(url: string = testDatabaseUrl()): Promise<void> {
  await withClient(async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> $1`,
      [MIGRATIONS_TABLE],
    );
    if (rows.length === 0) return;
    const list = rows.map((row) => client.escapeIdentifier(row.name)).join(", ");
    await client.query(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
  }, url);
}

export interface ScratchDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A new empty database on the test server, for tests that must break or race a schema on purpose. */
export async function createScratchDatabase(prefix = "scratch"): Promise<ScratchDatabase> {
  const adminUrl = inject("adminUrl");
  const name = `ferry_${prefix}_${randomBytes(6).toString("hex")}`;
  await withClient((client) => client.query(`CREATE DATABASE "${name}"`), adminUrl);
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      await withClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), adminUrl);
    },
  };
}

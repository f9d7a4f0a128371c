// The e2e server's own PostgreSQL, for specs that must prove a hostile request changed nothing.
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { BOOKKEEPING_TABLES } from "../tests/setup/bookkeeping";

/** The embedded PostgreSQL of the server under test: its port is in postmaster.pid under the e2e data directory. */
export async function databaseUrl(): Promise<string> {
  const dataDir = process.env.FERRY_E2E_DATA_DIR;
  if (!dataDir) throw new Error("FERRY_E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  const pid = await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8");
  return `postgresql://postgres:ferry-local@127.0.0.1:${pid.split("\n")[3]?.trim()}/ferry`;
}

export async function withDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await databaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Row count and md5 of every row of every table except `ignore`, as tests/commands/world.ts does for
 * integration tests: equal fingerprints mean nothing changed.
 */
export function fingerprint(): Promise<Record<string, string>> {
  return withDatabase(async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> ALL($1::text[]) AND tablename NOT LIKE '\\_%' ORDER BY tablename`,
      [BOOKKEEPING_TABLES],
    );
    const print: Record<string, string> = {};
    for (const { name } of tables) {
      const table = client.escapeIdentifier(name);
      const { rows } = await client.query<{ print: string }>(`SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS print FROM ${table} t`);
      print[name] = rows[0]?.print ?? "";
    }
    return print;
  });
}

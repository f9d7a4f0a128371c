// Vitest globalSetup for the `db` project: one real PostgreSQL for the whole run, migrated once.
// - TEST_DATABASE_URL set: a throwaway database is created on that server and dropped afterwards.
// - otherwise: an embedded PostgreSQL in a temp dir, stopped and deleted afterwards.
// The URLs reach test files through provide/inject (see tests/setup/db-env.ts).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { migrate } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated test database; tests/setup/db-env.ts also puts it in process.env.DATABASE_URL. */
    databaseUrl: string;
    /** A connection to the same server's maintenance database, for creating scratch databases. */
    adminUrl: string;
  }
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

/** Replaces the database name of a postgresql:// URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Server {
  adminUrl: string;
  databaseUrl: string;
  teardown: () => Promise<void>;
}

async function externalServer(testUrl: string): Promise<Server> {
  const name = `ferry_test_${process.pid}_${Date.now().toString(36)}`;
  const quoted = `"${name}"`;
  await adminQuery(testUrl, `CREATE DATABASE ${quoted}`);
  return {
    adminUrl: testUrl,
    databaseUrl: withDatabase(testUrl, name),
    teardown: () => adminQuery(testUrl, `DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`),
  };
}

async function embeddedServer(): Promise<Server> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "ferry-test-pg-"));
  // mkdtemp makes the dir 0700; as root PostgreSQL runs as another user and must be able to enter it.
  await fs.chmod(dir, 0o755);
  try {
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: 0, database: "ferry_test" });
    return {
      adminUrl: server.adminUrl,
      databaseUrl: server.url,
      teardown: async () => {
        await server.stop();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const testUrl = process.env.TEST_DATABASE_URL;
  const server = testUrl ? await externalServer(testUrl) : await embeddedServer();
  try {
    await migrate(server.databaseUrl, MIGRATIONS_DIR);
  } catch (error) {
    await server.teardown();
    throw error;
  }
  project.provide("databaseUrl", server.databaseUrl);
  project.provide("adminUrl", server.adminUrl);
  return server.teardown;
}

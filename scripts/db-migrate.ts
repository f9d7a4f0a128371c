// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or — when DATABASE_URL is unset — to the
// embedded PostgreSQL that `npm start` uses (started here just long enough to migrate it).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { embeddedDataDir, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrate } from "../lib/db/migrate";

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "prisma", "migrations");

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const embedded = url ? null : await startEmbeddedPostgres({ dataDir: embeddedDataDir(), port: 0 });
  try {
    const target = url ?? embedded?.url;
    if (!target) throw new Error("no database to migrate");
    if (embedded) console.log(`DATABASE_URL is unset: migrating the embedded PostgreSQL in ${embedded.dataDir}`);
    const { applied } = await migrate(target, migrationsDir, { log: (message) => console.log(message) });
    console.log(applied.length === 0 ? "Database is up to date." : `Applied ${applied.length} migration(s).`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

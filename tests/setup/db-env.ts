// setupFiles of the `db` project: point DATABASE_URL (read lazily by lib/db/prisma.ts) at the test database,
// overriding any developer DATABASE_URL so tests can never truncate real data.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

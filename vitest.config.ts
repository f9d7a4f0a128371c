import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const DB_TESTS = ["**/*.integration.test.ts", "tests/db/**/*.test.ts"];
const EXCLUDE = ["node_modules/**", "e2e/**", ".next/**", ".ferry/**", "generated/**"];

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // Tests are server code: data modules marked server-only load as they do in Next's server build.
      "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    // Integration tests share one PostgreSQL and one engine; files run one at a time to keep them honest on 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["**/*.test.ts"], exclude: [...EXCLUDE, ...DB_TESTS] },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: DB_TESTS,
          exclude: EXCLUDE,
          // Starts (or connects to) PostgreSQL once per run and applies the migrations; see tests/setup/database.ts.
          globalSetup: ["tests/setup/database.ts"],
          setupFiles: ["tests/setup/db-env.ts"],
        },
      },
    ],
  },
});

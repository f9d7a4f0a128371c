import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against the real `npm start` (production build, embedded PostgreSQL and engine) on a fresh
 * data directory, so every run starts from the seeded demo users and nothing else.
 */
// FERRY_E2E_PORT / FERRY_E2E_ENGINE_PORT let two checkouts run their suites side by side on one machine.
const PORT = Number((process.env.FERRY_E2E_PORT ??= "3100"));
const ENGINE_PORT = (process.env.FERRY_E2E_ENGINE_PORT ??= "4699");
const BASE_URL = `http://localhost:${PORT}`;

// The config is evaluated again in each worker; the environment carries the first evaluation's choice along.
const DATA_DIR = (process.env.FERRY_E2E_DATA_DIR ??= path.join(os.tmpdir(), `ferry-e2e-${Date.now().toString(36)}-${process.pid}`));

export default defineConfig({
  testDir: "e2e",
  // Two cores: one browser at a time next to Next.js, PostgreSQL and the engine.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results/e2e",
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // Debian's Chromium: Playwright's own browser download is not reachable here (docs: DESIGN.md §4).
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium", testIgnore: /supervision\.spec\.ts/, use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } },
    // Kills the server's own children: after every other spec (alone: --project supervision --no-deps).
    { name: "supervision", testMatch: /supervision\.spec\.ts/, dependencies: ["chromium"], use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: "npx tsx scripts/start.ts",
    // /api/health answers 503 while the engine is still starting; the sign-in page is ready when Next is.
    url: `${BASE_URL}/sign-in`,
    // The first start runs `next build` (1–3 minutes on two shared cores).
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets scripts/start.ts stop Next, the engine and PostgreSQL in order instead of orphaning them.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(PORT),
      FERRY_ENGINE_PORT: ENGINE_PORT,
      FERRY_DATA_DIR: DATA_DIR,
      FERRY_MODE: "embedded",
      // Every test signs in from 127.0.0.1: the default 10 per minute would make the suite wait on the limiter.
      FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE: "1000",
      // Empty means unset (lib/config/env.ts): never reuse a developer's database, endpoint or base URL.
      DATABASE_URL: "",
      FERRY_AWS_ENDPOINT: "",
      FERRY_BASE_URL: "",
      FERRY_AUTH_SECRET: "",
      FERRY_OIDC_ISSUER: "",
      FERRY_OIDC_CLIENT_ID: "",
      FERRY_OIDC_CLIENT_SECRET: "",
    },
  },
});

/**
 * Screenshots for docs/screenshots, taken from a running Ferry with the demo users (embedded mode): the
 * signed-in dashboard, the Admin page, a demo run's event history and the demo model's grid of runs × steps.
 * `npm start`, then `npx tsx scripts/screenshots.ts [url]`; it starts one demo run if the demo model has none.
 */
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { chromium, type Locator, type Page } from "@playwright/test";

const BASE_URL = process.argv[2] ?? process.env.FERRY_URL ?? "http://localhost:3000";
const OUT_DIR = path.resolve("docs/screenshots");
const MAX_BYTES = 300_000;
const DEMO_MODEL = "churn-demo";

/** What a shot shows: the whole page, or one part of it. */
type Shot = { file: string; open: (page: Page) => Promise<Page | Locator> };

async function heading(page: Page, path: string, name: string): Promise<Page> {
  await page.goto(path);
  await page.getByRole("heading", { level: 1, name }).waitFor();
  return page;
}

/** The newest run of the demo model, started first when it has none. */
async function demoRun(page: Page): Promise<void> {
  await page.goto(`/models/${DEMO_MODEL}`);
  const runs = page.getByRole("region", { name: "Run history" }).locator('a[href^="/runs/"]');
  if ((await runs.count()) === 0) await page.getByRole("button", { name: "Run", exact: true }).click();
  else await runs.first().click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { level: 1 }).getByTestId("status").filter({ hasNotText: /Pending|Running/ }).waitFor({ timeout: 120_000 });
}

async function eventHistory(page: Page): Promise<Locator> {
  await demoRun(page);
  const history = page.locator("details").filter({ hasText: "Event history" });
  await history.locator("summary").click();
  const table = page.getByRole("table", { name: "Execution event history" });
  await table.locator('[data-type="TaskStateEntered"]').first().getByRole("button").click();
  return history;
}

async function grid(page: Page): Promise<Page> {
  await page.goto(`/models/${DEMO_MODEL}`);
  await page.getByRole("link", { name: "Full grid →" }).click();
  await page.waitForURL(/\/runs\/grid\?/);
  await page.getByRole("heading", { level: 1, name: `Run grid: ${DEMO_MODEL}` }).waitFor();
  return page;
}

const SHOTS: Shot[] = [
  { file: "dashboard.png", open: (page) => heading(page, "/", "Dashboard") },
  { file: "admin.png", open: (page) => heading(page, "/admin", "Admin") },
  { file: "run-events.png", open: eventHistory },
  { file: "run-grid.png", open: grid },
];

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  // Debian's Chromium; Playwright's browser download is not reachable on these machines (DESIGN.md §4).
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 800 } });
    const signIn = await context.request.post("/api/auth/sign-in/email", {
      data: { email: "admin@ferry.local", password: "ferry-demo" },
      headers: { Origin: BASE_URL },
    });
    if (!signIn.ok()) throw new Error(`signing in as admin@ferry.local failed: HTTP ${signIn.status()} ${await signIn.text()}`);
    const page = await context.newPage();
    for (const shot of SHOTS) {
      const subject = await shot.open(page);
      const file = path.join(OUT_DIR, shot.file);
      await (subject === page ? page.screenshot({ path: file, fullPage: true }) : subject.screenshot({ path: file }));
      const bytes = statSync(file).size;
      console.log(`${path.relative(process.cwd(), file)}: ${Math.round(bytes / 1024)} KB`);
      if (bytes > MAX_BYTES) throw new Error(`${shot.file} is ${bytes} bytes, over the ${MAX_BYTES}-byte budget for docs`);
    }
  } finally {
    await browser.close();
  }
}

await main();

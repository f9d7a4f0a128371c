/**
 * Screenshots of the signed-in dashboard and the Admin page for docs/screenshots, taken from a running Ferry
 * with the demo users (embedded mode): `npm start`, then `npx tsx scripts/screenshots.ts [url]`.
 */
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const BASE_URL = process.argv[2] ?? process.env.FERRY_URL ?? "http://localhost:3000";
const OUT_DIR = path.resolve("docs/screenshots");
const MAX_BYTES = 300_000;

const SHOTS = [
  { file: "dashboard.png", path: "/", ready: "Dashboard" },
  { file: "admin.png", path: "/admin", ready: "Admin" },
] as const;

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
      await page.goto(shot.path);
      await page.getByRole("heading", { level: 1, name: shot.ready }).waitFor();
      const file = path.join(OUT_DIR, shot.file);
      await page.screenshot({ path: file, fullPage: true });
      const bytes = statSync(file).size;
      console.log(`${path.relative(process.cwd(), file)}: ${Math.round(bytes / 1024)} KB`);
      if (bytes > MAX_BYTES) throw new Error(`${shot.file} is ${bytes} bytes, over the ${MAX_BYTES}-byte budget for docs`);
    }
  } finally {
    await browser.close();
  }
}

await main();

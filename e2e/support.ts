// Shared steps for the end-to-end specs: demo accounts, signing in, unique data.
import { randomBytes } from "node:crypto";
import { expect, type APIResponse, type Browser, type BrowserContext, type Page, type Response } from "@playwright/test";

export const DEMO_PASSWORD = "ferry-demo";

export const DEMO = {
  ds: { email: "ds@ferry.local", roles: "Data scientist" },
  mlops: { email: "mlops@ferry.local", roles: "MLOps engineer" },
  admin: { email: "admin@ferry.local", roles: "Admin" },
} as const;

/** The churn model `npm start` seeds (lib/demo), live on the demo pipeline: its slug, and its name as lists show it. */
export const DEMO_MODEL = { slug: "churn-demo", name: "Customer churn (demo)" } as const;

/** Set by playwright.config.ts (FERRY_E2E_PORT, default 3100) before workers start. */
export const BASE_URL = `http://localhost:${process.env.FERRY_E2E_PORT ?? "3100"}`;

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@ferry.test`;
}

/**
 * better-auth allows 3 sign-in attempts per 10 s per client address in production, and every test comes from
 * 127.0.0.1: a 429 here is the limiter, not the behaviour under test, so wait as told and try again.
 */
function retryAfterMs(headers: Record<string, string>): number {
  const seconds = Number(headers["x-retry-after"] ?? headers["retry-after"] ?? "10");
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 10) * 1000 + 500;
}

const SIGN_IN_ATTEMPTS = 5;

/** Signs in through the form; returns the final response of better-auth's sign-in endpoint. */
export async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<Response> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  for (let attempt = 1; ; attempt += 1) {
    const answered = page.waitForResponse((r) => r.url().endsWith("/api/auth/sign-in/email") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const response = await answered;
    if (response.status() !== 429 || attempt === SIGN_IN_ATTEMPTS) return response;
    await page.waitForTimeout(retryAfterMs(response.headers()));
  }
}

/** Signs in with the form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  const response = await signInWithForm(page, email, password);
  expect(response.status(), `sign-in of ${email}`).toBe(200);
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(page.getByTestId("current-user")).toContainText(email);
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * Sessions already opened in this worker, by email: reusing one spares a sign-in (and the limiter's wait).
 * No spec signs these users out or disables them; specs that do use their own sign-in or their own users.
 */
const sessions = new Map<string, StorageState>();

/** A browser context signed in as `email` through better-auth's API (faster than the form, same session cookie). */
export async function signedInContext(browser: Browser, email: string, password = DEMO_PASSWORD): Promise<{ context: BrowserContext; page: Page }> {
  const saved = sessions.get(email);
  if (saved) {
    const context = await browser.newContext({ baseURL: BASE_URL, storageState: saved });
    return { context, page: await context.newPage() };
  }
  const context = await browser.newContext({ baseURL: BASE_URL });
  let response: APIResponse | undefined;
  for (let attempt = 1; attempt <= SIGN_IN_ATTEMPTS; attempt += 1) {
    response = await context.request.post("/api/auth/sign-in/email", {
      data: { email, password },
      headers: { Origin: BASE_URL },
    });
    if (response.status() !== 429) break;
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs(response?.headers() ?? {})));
  }
  expect(response?.status(), `API sign-in of ${email}`).toBe(200);
  sessions.set(email, await context.storageState());
  const page = await context.newPage();
  return { context, page };
}

/** The signed-in user's id, as any client can read it from its own session. */
export async function ownUserId(page: Page): Promise<string> {
  const response = await page.request.get("/api/auth/get-session");
  expect(response.status()).toBe(200);
  const body: unknown = await response.json();
  const id = (body as { user?: { id?: unknown } } | null)?.user?.id;
  expect(typeof id).toBe("string");
  return String(id);
}

/** Fills and submits Admin → Add a user. */
export async function submitNewUser(page: Page, user: { email: string; name: string; password: string; roles?: string[] }) {
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Name").fill(user.name);
  await form.getByLabel("Initial password (10+ characters)").fill(user.password);
  for (const role of user.roles ?? []) await form.getByLabel(role, { exact: true }).check();
  await form.getByRole("button", { name: "Add user" }).click();
}

/** The checkbox in the users table that holds `role` for `email`. */
export function roleCheckbox(page: Page, role: string, email: string) {
  return page.getByRole("checkbox", { name: `${role} for ${email}`, exact: true });
}

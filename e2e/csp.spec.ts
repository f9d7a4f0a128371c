// Security headers on every answer, and the pages still work under the nonce-based CSP: a page that trips a
// securitypolicyviolation (a script without the nonce, an inline handler, a foreign load) fails this spec.
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signedInContext } from "./support";

const PAGES = ["/", "/models", "/models/churn-demo", "/models/import", "/images", "/scripts", "/pipelines", "/deployments", "/runs", "/admin", "/admin/audit", "/admin/environments"];

/** Collects CSP violations the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return async () => [...console, ...((await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations)) ?? [])];
}

test("every page sends the security headers and runs under its CSP without a violation", async ({ browser }) => {
  const { context, page } = await signedInContext(browser, DEMO.admin.email);
  const violations = await watchViolations(page);
  for (const path of PAGES) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const headers = response?.headers() ?? {};
    const policy = headers["content-security-policy"] ?? "";
    expect(policy, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) expect(policy, path).toContain(directive);
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    // Hydrated: the signed-in header is interactive React, not only server HTML.
    await expect(page.getByTestId("current-user")).toContainText(DEMO.admin.email);
    await page.waitForLoadState("networkidle");
    expect(await violations(), path).toEqual([]);
  }
  // The nonce is fresh for every answer.
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) nonces.add(((await page.goto("/"))?.headers()["content-security-policy"] ?? "").match(/'nonce-([^']+)'/)?.[1] ?? "");
  expect(nonces.size).toBe(3);
  await context.close();
});

test("the sign-in page works under its CSP, and a download is an attachment that cannot be sniffed", async ({ browser, page }) => {
  const violations = await watchViolations(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.admin.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText(/Wrong email or password/)).toBeVisible();
  expect(await violations()).toEqual([]);

  const admin = await signedInContext(browser, DEMO.admin.email);
  const csv = await admin.page.request.get("/api/admin/audit/export.csv");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="ferry-audit-[\d-]+\.csv"$/);
  expect(csv.headers()["x-content-type-options"]).toBe("nosniff");
  expect(csv.headers()["content-security-policy"]).toContain("default-src 'none'");
  await admin.context.close();
});

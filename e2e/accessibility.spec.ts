// Every page as the role that uses it, checked by axe-core (WCAG 2.1 A and AA): no serious or critical
// violation, exactly one <main>, a skip link first in the tab order. Then what axe cannot judge alone: tabs
// driven by the keyboard, charts named, and the run monitor and model page at 390 px without sideways scrolling.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { axeFindings, type Finding } from "./axe";
import { DEMO, DEMO_MODEL, signedInContext } from "./support";

const DEMO_PIPELINE = "churn-three-step";

/** Opens `path`, waits for it to settle (charts measure themselves after load) and checks it. */
async function check(page: Page, path: string, signedIn = true): Promise<Finding[]> {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await expect(page.locator("main"), `one <main> on ${path}`).toHaveCount(1);
  if (signedIn) {
    await page.locator("body").press("Tab");
    await expect(page.locator(":focus"), `the skip link comes first on ${path}`).toHaveText("Skip to main content");
  }
  return axeFindings(page, path);
}

/** The first link on `from` to `prefix` followed by a record's id (seeded records). */
async function firstLink(page: Page, from: string, prefix: string, name?: string): Promise<string> {
  await page.goto(from);
  const links = page.locator(`a[href^="${prefix}"]`).filter(name ? { hasText: name } : {});
  const pattern = new RegExp(`^${prefix}[0-9a-f-]{36}$`);
  const href = (await links.evaluateAll((all) => all.map((a) => a.getAttribute("href") ?? ""))).find((h) => pattern.test(h));
  expect(href, `a link to ${prefix}<id> on ${from}`).toBeDefined();
  return href ?? "";
}

/** Elements that reach past the right edge of the viewport, named so a failure says what to fix. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("main *")]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && ![...(e.parentElement?.closest("[class*=overflow-]")?.classList ?? [])].some((c) => /overflow-(x-)?(auto|hidden|scroll)/.test(c)))
      .slice(0, 8)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)} px)`);
  });
}

async function asRole(browser: Browser, email: string, paths: (page: Page) => Promise<string[]>): Promise<Finding[]> {
  const { context, page } = await signedInContext(browser, email);
  const findings: Finding[] = [];
  for (const path of await paths(page)) findings.push(...(await check(page, path)));
  await context.close();
  return findings;
}

/** A run of the demo model, started from its page (the monitor is one of the pages checked). */
async function demoRun(page: Page): Promise<string> {
  await page.goto(`/models/${DEMO_MODEL.slug}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("status")).toHaveText("Succeeded", { timeout: 60_000 });
  return new URL(page.url()).pathname;
}

test.describe("accessibility", () => {
  let runPath = "";

  test("every page, as the role that uses it, has no serious or critical axe violation", async ({ browser }) => {
    test.setTimeout(360_000);
    const findings = [
      ...(await asRole(browser, DEMO.ds.email, async (page) => {
        runPath = await demoRun(page);
        const script = await firstLink(page, `/models/${DEMO_MODEL.slug}`, "/scripts/");
        const deployment = await firstLink(page, "/deployments", "/deployments/");
        return ["/", "/models", `/models/${DEMO_MODEL.slug}`, "/models/new", `/models/${DEMO_MODEL.slug}/edit`, "/models/import", "/images", "/images/build", "/scripts", script, `${script}?compare=1`, "/deployments", "/deployments/new", deployment, "/runs", runPath, "/runs?status=FAILED", "/pipelines", `/models/not-a-model`, "/profile", "/api-docs"];
      })),
      ...(await asRole(browser, DEMO.mlops.email, async (page) => {
        const pipeline = await firstLink(page, "/pipelines", "/pipelines/", DEMO_PIPELINE);
        return ["/pipelines/new", "/pipelines/import", pipeline, `${pipeline}/compare?from=1&to=1`];
      })),
      ...(await asRole(browser, DEMO.admin.email, async () => ["/admin", "/admin/environments", "/admin/audit", "/admin/webhooks", "/deployments/approvals"])),
    ];
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    findings.push(...(await check(page, "/admin", true)));
    await context.close();
    const anonymous = await browser.newContext();
    findings.push(...(await check(await anonymous.newPage(), "/sign-in", false)));
    await anonymous.close();
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });

  test("the skip link moves focus past the navigation to the page's content", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto("/runs");
    await page.locator("body").press("Tab");
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
    await context.close();
  });

  test("tabs follow the arrow keys, Home and End, with only the selected tab in the tab order", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.mlops.email);
    await page.goto(await firstLink(page, "/pipelines", "/pipelines/", DEMO_PIPELINE));
    const tabs = page.getByRole("tablist", { name: "Live preview" }).getByRole("tab");
    await expect(tabs).toHaveText(["Graph", "Definition", "Model parameters"]);
    await tabs.first().focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Definition" })).toBeFocused();
    await expect(page.getByRole("tab", { name: "Definition" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel")).toContainText('"StartAt"');
    await page.keyboard.press("End");
    await expect(page.getByRole("tab", { name: "Model parameters" })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Graph" })).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("tab", { name: "Model parameters" })).toBeFocused();
    await page.keyboard.press("Home");
    await expect(page.getByRole("tab", { name: "Graph" })).toHaveAttribute("aria-selected", "true");
    expect(await tabs.evaluateAll((all) => all.map((t) => t.getAttribute("tabindex")))).toEqual(["0", "-1", "-1"]);
    await context.close();
  });

  test("every chart is an image with a name", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto("/");
    const charts = page.locator("svg.recharts-surface");
    await expect(charts).toHaveCount(3);
    for (const chart of await charts.all()) {
      await expect(chart).toHaveAttribute("role", "img");
      await expect(chart).toHaveAttribute("aria-label", /\w{4,}/);
      expect(await chart.locator("title").textContent()).toMatch(/\w{4,}/);
    }
    await context.close();
  });

  test("at 390 px the run monitor and the model page fit, the brand stays and the filters fold away", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.setViewportSize({ width: 390, height: 844 });
    const paths = [runPath || (await demoRun(page)), `/models/${DEMO_MODEL.slug}`, "/runs", "/"];
    for (const path of paths) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await expect(page.getByRole("banner").getByRole("link", { name: "Ferry", exact: true }), `brand on ${path}`).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `sideways scrolling on ${path}: ${(await overflowing(page)).join(", ")}`).toBeLessThanOrEqual(0);
    }
    await page.goto("/runs");
    const filters = page.getByRole("search", { name: "Filter runs" });
    await expect(filters).toBeHidden();
    await page.getByRole("button", { name: "Filters" }).click();
    await expect(filters).toBeVisible();
    await context.close();
  });
});

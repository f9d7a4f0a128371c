// Issue 16, "screens that are not true", items 2 and 3, replayed in the browser and seen told truly:
// 2. an admin could approve and go live on a failing parity result with no warning (the embedded environment does
//    not require parity): the FAIL is now at the decision, rounded to the tolerance, and needs an audited override;
// 3. a bulk import could set a model Live with nothing behind it and the dashboard counted it as migrated.
// Plus: a second pending request for the same model and environment is refused.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { withDatabase } from "./database";
import { DEMO, DEMO_MODEL, signedInContext } from "./support";


function toast(page: Page, type: "success" | "error") {
  return page.locator(`[data-sonner-toast][data-type="${type}"]`);
}

async function requestDemoDeployment(page: Page): Promise<void> {
  await page.goto("/deployments/new");
  const form = page.getByRole("form", { name: "Request a deployment" });
  await form.getByLabel("Model", { exact: true }).selectOption({ label: `${DEMO_MODEL.slug} — ${DEMO_MODEL.name}` });
  await form.getByLabel("Pipeline version", { exact: true }).selectOption({ label: "churn-three-step v1" });
  await form.getByLabel("Environment", { exact: true }).selectOption({ label: "embedded (embedded)" });
  await expect(page.getByRole("list", { name: "Pre-flight checks" }).locator('[data-ok="false"]')).toHaveCount(0);
  await page.getByRole("button", { name: "Request deployment" }).click();
}

const migratedLine = (page: Page) => page.getByText(/\d+ of \d+ models migrated\./);

test.describe("decisions tell the truth", () => {
  test.describe.configure({ mode: "serial" });

  test("a failing parity result is shown at the decision and approving it needs an audited override with a reason", async ({ browser }) => {
    test.setTimeout(240_000);
    const mlops = await signedInContext(browser, DEMO.mlops.email);
    await requestDemoDeployment(mlops.page);
    await expect(mlops.page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
    const requestUrl = mlops.page.url();

    // A second request for the same model and environment while this one waits: refused, and the page says why.
    await requestDemoDeployment(mlops.page);
    await expect(toast(mlops.page, "error").filter({ hasText: "already waits for approval" })).toBeVisible();
    await expect(mlops.page).toHaveURL(/\/deployments\/new/);

    // Parity on ten golden rows against a legacy summary whose threshold is 0.0031 off, tolerance ±0.001.
    await mlops.page.goto(requestUrl);
    const golden = (await readFile("prisma/demo/churn/data/customers.csv", "utf8")).split("\n").filter(Boolean).slice(0, 11).join("\n");
    const parity = mlops.page.getByRole("form", { name: "Parity evidence" });
    await parity.getByLabel("Golden input (what the legacy script read)").setInputFiles({ name: "golden.csv", mimeType: "text/csv", buffer: Buffer.from(`${golden}\n`) });
    await parity.getByLabel("Legacy output (.csv or .json it wrote)").setInputFiles({ name: "summary.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ customers: 10, threshold: 0.5031 })) });
    await parity.getByLabel("Numeric tolerance (absolute)").fill("0.001");
    await parity.getByRole("button", { name: "Run parity check" }).click();
    await expect(mlops.page.getByTestId("parity-verdict")).toContainText("Parity FAIL", { timeout: 120_000 });
    const differences = mlops.page.getByRole("table", { name: "First differences" });
    await expect(differences.getByRole("row").filter({ hasText: "threshold" })).toContainText("0.0031");
    await expect(differences).not.toContainText("0.00310000");
    await mlops.context.close();

    // The admin sees the FAIL where the decision is taken; a plain approval is not offered.
    const admin = await signedInContext(browser, DEMO.admin.email);
    await admin.page.goto(requestUrl);
    const decision = admin.page.getByRole("form", { name: "Decision" });
    await expect(decision.getByRole("alert", { name: "Parity did not pass" })).toContainText("Parity FAIL");
    await expect(admin.page.getByRole("button", { name: "Approve and deploy", exact: true })).toHaveCount(0);
    const override = admin.page.getByRole("button", { name: "Override parity, approve and deploy" });

    // Without a reason: refused at the reason's field, nothing decided.
    await override.click();
    const reason = decision.getByLabel("Reason for approving despite the parity evidence");
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(admin.page.getByTestId("deployment-status").first()).toHaveText("Pending approval");

    await reason.fill("The legacy summary rounded its threshold; risk accepts the difference.");
    await override.click();
    // The deploy is queued for the worker; the page follows it to its outcome.
    await expect(toast(admin.page, "success").filter({ hasText: "Approved: the deploy is queued" })).toBeVisible({ timeout: 30_000 });
    await expect(admin.page.getByTestId("deployment-status").first()).toHaveText("Live", { timeout: 60_000 });
    await expect(admin.page.getByTestId("parity-override")).toContainText(`${DEMO.admin.email} approved despite the parity evidence`);
    await expect(admin.page.getByTestId("parity-override")).toContainText("risk accepts the difference");
    const id = requestUrl.split("/").pop();
    const audit = await withDatabase(async (db) => (await db.query<{ summary: string; details: { parityOverride?: { reason: string } } }>("SELECT summary, details FROM audit_events WHERE target_id = $1 AND action = 'deployments.approve'", [id])).rows[0]);
    expect(audit?.summary).toContain("overriding failing parity");
    expect(audit?.details.parityOverride?.reason).toContain("risk accepts the difference");
    await admin.context.close();
  });

  test("new environments require parity unless the admin unticks it", async ({ browser }) => {
    const admin = await signedInContext(browser, DEMO.admin.email);
    await admin.page.goto("/admin/environments");
    await expect(admin.page.getByRole("form", { name: "Add an AWS environment" }).getByLabel("Require parity evidence")).toBeChecked();
    await admin.context.close();
  });

  test("a manifest claiming Live or Approved is refused in the preview, and nothing counts as migrated", async ({ browser }) => {
    const ds = await signedInContext(browser, DEMO.ds.email);
    const page = ds.page;
    await page.goto("/");
    const before = await migratedLine(page).textContent();
    const tag = randomBytes(3).toString("hex");
    await page.goto("/models/import");
    const csv = `slug,displayName,team,status\nclaims-live-${tag},Claims live,risk,LIVE\nclaims-approved-${tag},Claims approved,risk,APPROVED\n`;
    await page.getByLabel("Manifest or zip file").setInputFiles({ name: "claims.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(page.getByTestId("bulk-preview-counts")).toContainText("2 with errors");
    await expect(page.getByText("status: Approved and live come from an approved deployment").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
    await page.goto("/");
    await expect(migratedLine(page)).toHaveText(before ?? "");
    expect(await withDatabase(async (db) => (await db.query("SELECT 1 FROM models WHERE slug LIKE $1", [`claims-%-${tag}`])).rowCount)).toBe(0);
    await ds.context.close();
  });
});

// What users of the Step Functions console and Airflow would miss (issue 16), in the browser on the seeded demo
// model's real runs: the event table, the step panel a graph node opens (with Start and End), a run started with
// edited input (and an edit the approval does not allow), the grid of runs × steps, the comparison of runs,
// input data uploaded and paged from the model's page, and confirmations that say what will happen.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { withDatabase } from "./database";
import { DEMO, DEMO_MODEL, signedInContext } from "./support";

const INPUT_MODEL = `e2e-input-${randomBytes(3).toString("hex")}`;

function toast(page: Page, type: "success" | "error") {
  return page.locator(`[data-sonner-toast][data-type="${type}"]`);
}

async function expectNoSeriousAxeViolation(page: Page) {
  // Toasts are left out: they come and go, and axe measures their colours mid-fade.
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).exclude("[data-sonner-toaster]").analyze();
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).getByTestId("status");

async function runDemo(page: Page): Promise<string> {
  await page.goto(`/models/${DEMO_MODEL.slug}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(heading(page)).toHaveText("Succeeded", { timeout: 90_000 });
  return page.url();
}

test.describe("run views", () => {
  test.describe.configure({ mode: "serial" });
  let runUrl = "";
  let editedUrl = "";

  test.beforeAll(async () => {
    await withDatabase(async (db) => {
      const owner = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [DEMO.ds.email])).rows[0]?.id;
      await db.query("INSERT INTO models (slug, display_name, team, owner_id, input_uri) VALUES ($1, $1, 'e2e', $2, $3)", [INPUT_MODEL, owner, `s3://ferry-embedded/${INPUT_MODEL}/input/`]);
    });
  });

  test("the event table and the step panel a graph node opens, with Start and End", async ({ browser }) => {
    test.setTimeout(150_000);
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    runUrl = await runDemo(page);

    const terminals = page.getByTestId("run-graph-terminal");
    await expect(terminals).toHaveText(["Start", "End"]);
    const nodes = page.getByTestId("run-graph-node");
    const firstName = (await page.getByTestId("step-card").first().getAttribute("data-step")) ?? "";
    await expect(nodes.first()).toHaveAttribute("title", new RegExp(`^${firstName} — Succeeded`));

    await nodes.first().click();
    const panel = page.getByRole("region", { name: `Step ${firstName}` });
    await expect(panel.getByRole("heading", { name: firstName })).toBeFocused();
    await expect(panel.getByLabel(`Input of ${firstName}`)).toContainText('"InputUri"');
    await expect(panel.getByLabel(`Output of ${firstName}`)).toContainText("{");
    await expect(panel.getByTestId("step-log")).not.toBeEmpty();

    await page.getByText("Event history", { exact: true }).click();
    const table = page.getByRole("table", { name: "Execution event history" });
    const rows = table.getByTestId("event-row");
    await expect(rows.first()).toHaveAttribute("data-type", "ExecutionStarted");
    await expect(rows.last()).toHaveAttribute("data-type", "ExecutionSucceeded");
    await expect(table.locator('[data-type="TaskStateEntered"]')).toHaveCount(3);
    await expect(table.locator('[data-type="TaskScheduled"]').first()).toContainText("createProcessingJob");
    await table.locator('[data-type="TaskStateEntered"]').first().getByRole("button").click();
    await expect(table.getByLabel(/^Input of event \d+$/)).toContainText('"Steps"');
    await page.screenshot({ path: test.info().outputPath("event-table.png"), fullPage: true });
    await expectNoSeriousAxeViolation(page);
    await context.close();
  });

  test("a run started with edited input: a refused edit is marked at its field, an allowed one runs and says so", async ({ browser }) => {
    test.setTimeout(150_000);
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto(`/models/${DEMO_MODEL.slug}`);
    await page.getByRole("button", { name: "Run with changes…" }).click();
    const dialog = page.getByRole("dialog", { name: "Review and edit the execution input" });
    await expect(dialog.getByText("Fixed by the approval")).toBeVisible();
    const output = dialog.getByLabel("Output location");
    const approved = await output.inputValue();
    await dialog.getByLabel("Instance type").first().selectOption("ml.m5.2xlarge");

    await output.fill("s3://ferry-embedded/somewhere-else/");
    await dialog.getByRole("button", { name: "Start with this input" }).click();
    await expect(output).toHaveAttribute("aria-invalid", "true");
    await expect(output).toHaveAccessibleDescription(/Must be inside the approved location/);
    await expect(page).toHaveURL(new RegExp(`/models/${DEMO_MODEL.slug}$`));

    await output.fill(`${approved}scratch/`);
    await dialog.getByRole("button", { name: "Start with this input" }).click();
    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
    editedUrl = page.url();
    const edits = page.getByTestId("input-edits");
    await expect(edits).toContainText(`OutputUri: "${approved}" → "${approved}scratch/"`);
    await expect(edits).toContainText('InstanceType: "ml.m5.xlarge" → "ml.m5.2xlarge"');
    await expect(heading(page)).toHaveText("Succeeded", { timeout: 90_000 });
    await expect(page.getByTestId("step-card").first().getByText("ml.m5.2xlarge", { exact: true })).toBeVisible();

    // Re-run with changes starts from this run's input.
    await page.getByRole("button", { name: "Re-run with changes…" }).click();
    await expect(dialog.getByLabel("Output location")).toHaveValue(`${approved}scratch/`);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await context.close();
  });

  test("the grid of runs × steps: one square per step and run, a click opens that step", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto(`/models/${DEMO_MODEL.slug}`);
    const grid = page.getByRole("table", { name: `Last runs of ${DEMO_MODEL.slug} by step` });
    await expect(grid.getByRole("row")).toHaveCount(4);
    const lastColumn = grid.getByRole("row").nth(1).getByTestId("grid-cell").last();
    await expect(lastColumn).toHaveAttribute("data-status", "SUCCEEDED");
    const label = (await lastColumn.getAttribute("aria-label")) ?? "";
    await lastColumn.click();
    await expect(page).toHaveURL(editedUrl.replace(/\?.*$/, "") + `?step=${encodeURIComponent(label.split(":")[0] ?? "")}`);
    await expect(page.getByRole("region", { name: `Step ${label.split(":")[0]}` })).toBeVisible();

    await page.goto(`/models/${DEMO_MODEL.slug}`);
    await page.getByRole("link", { name: "Full grid →" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Run grid: ${DEMO_MODEL.slug}`);
    await expect(page.getByTestId("grid-cell").first()).toBeVisible();
    // The sentence counts the columns the grid shows, in English for one run too.
    const runs = await page.getByRole("row").nth(1).getByTestId("grid-cell").count();
    await expect(page.getByText(runs === 1 ? "The last run of this model," : `The last ${runs} runs of this model,`)).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("run-grid.png"), fullPage: true });
    await expectNoSeriousAxeViolation(page);
    await context.close();
  });

  test("comparing two runs: the parameter that differs, code, durations, outputs and the diff of their CSVs", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    const ids = [runUrl, editedUrl].map((u) => new URL(u).pathname.split("/").pop() ?? "");
    await page.goto("/runs");
    const form = page.getByRole("form", { name: "Compare runs" });
    for (const id of ids) await form.locator(`input[value="${id}"]`).check();
    await form.getByRole("button", { name: "Compare selected runs" }).click();
    await expect(page).toHaveURL(/\/runs\/compare\?ids=.*&ids=/);
    const parameters = page.getByRole("table", { name: "Parameters that differ" });
    await expect(parameters.locator('tr[data-differs="true"]').filter({ hasText: "InstanceType" })).toContainText("ml.m5.2xlarge");
    await expect(page.getByRole("table", { name: "Code and images" }).locator('tr[data-differs="false"]').filter({ hasText: "Code" }).first()).toBeVisible();
    await expect(page.getByRole("table", { name: "Durations" })).toContainText("Whole run");
    await expect(page.getByRole("table", { name: "Output files" })).toContainText("retention_list.csv");
    await expect(page.getByRole("region", { name: /\/retention_list\.csv: .+ → .+$/ })).toContainText("no changes");
    await expectNoSeriousAxeViolation(page);

    // One run is not a comparison: the page says what to do.
    await page.goto(`/runs/compare?ids=${ids[0]}`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Select at least two runs to compare");
    await context.close();
  });

  test("input data: uploaded from the model's page, browsed, a CSV paged 50 rows at a time saying it shows part", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto(`/models/${INPUT_MODEL}`);
    const section = page.getByRole("region", { name: "Input data" });
    await expect(section).toContainText("No input data here yet.");
    const csv = `id,score\n${Array.from({ length: 120 }, (_, i) => `${i + 1},0.${i % 10}`).join("\n")}\n`;
    await section.getByLabel("Upload input data").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(toast(page, "success").filter({ hasText: "Uploaded 1 file" })).toBeVisible();
    await section.getByRole("button", { name: "Preview customers.csv" }).click();
    const status = section.getByTestId("csv-preview-status");
    await expect(status).toHaveText("Rows 1–50 of customers.csv (861 B): showing only part of the file.");
    await section.getByRole("button", { name: "Next rows" }).click();
    await expect(status).toContainText("Rows 51–100 of customers.csv");
    await section.getByRole("button", { name: "Next rows" }).click();
    await expect(status).toContainText("Rows 101–120 of customers.csv");
    await expect(section.getByRole("button", { name: "Next rows" })).toBeDisabled();

    // A name that climbs out of the prefix is refused, and nothing is stored.
    await section.getByLabel("Upload input data").setInputFiles({ name: "..", mimeType: "text/plain", buffer: Buffer.from("x") });
    await expect(toast(page, "error").filter({ hasText: "Nothing was uploaded" })).toBeVisible();
    await expectNoSeriousAxeViolation(page);
    await context.close();

    // Someone who may not edit the model gets no upload, and a hand-made POST is refused.
    const mlops = await signedInContext(browser, DEMO.mlops.email);
    await mlops.page.goto(`/models/${INPUT_MODEL}`);
    await expect(mlops.page.getByRole("region", { name: "Input data" }).getByText("customers.csv", { exact: true })).toBeVisible();
    await expect(mlops.page.getByLabel("Upload input data")).toHaveCount(0);
    const modelId = await withDatabase(async (db) => (await db.query<{ id: string }>("SELECT id FROM models WHERE slug = $1", [INPUT_MODEL])).rows[0]?.id);
    const refused = await mlops.page.request.post(`/api/catalog/models/${modelId}/input`, {
      headers: { Origin: new URL(mlops.page.url()).origin },
      multipart: { files: { name: "evil.csv", mimeType: "text/csv", buffer: Buffer.from("a\n") } },
    });
    expect(refused.status()).toBe(403);
    await mlops.context.close();
  });

  // Stop asks first too: runs.spec stops a slow run through its confirmation.
  test("Redrive says what will happen before doing it: the same pinned code, and how to run newer code", async ({ browser }) => {
    test.setTimeout(120_000);
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto(editedUrl || (await runDemo(page)));
    await expect(heading(page)).toHaveText("Succeeded");

    // A failed run (its status set here: a redrive's confirmation is what is under test).
    const id = new URL(page.url()).pathname.split("/").pop();
    await withDatabase((db) => db.query("UPDATE runs SET status = 'FAILED' WHERE id = $1", [id]));
    try {
      await page.reload();
      await page.getByRole("button", { name: "Redrive from the failed step" }).click();
      const asked = page.getByRole("dialog", { name: "Redrive this run?" });
      await expect(asked).toContainText("same pinned code: churn-three-step v1 with the code in s3://");
      await expect(asked).toContainText("To run newer code");
      await asked.getByRole("button", { name: "Cancel" }).click();
      await expect(heading(page)).toHaveText("Failed");
      expect(await withDatabase(async (db) => (await db.query("SELECT 1 FROM audit_events WHERE action = 'runs.redrive' AND target_id = $1", [id])).rowCount)).toBe(0);
    } finally {
      await withDatabase((db) => db.query("UPDATE runs SET status = 'SUCCEEDED' WHERE id = $1", [id]));
    }
    await context.close();
  });
});

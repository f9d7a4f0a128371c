// Screens that must tell the truth (issue 16): a script's colours after a one-line docstring, one colour per
// run outcome on the dashboard, a selection toolbar whose actions work, a pipeline editor that keeps what was
// typed and asks before dropping edits, and validation errors shown at the field, not only in a toast.
// (Caught and stopped runs are replayed in runs.spec.ts, which stages the fixture models.)
import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, signedInContext, submitNewUser, uniqueEmail } from "./support";

const colour = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).color);

function toast(page: Page, type: "success" | "error") {
  return page.locator(`[data-sonner-toast][data-type="${type}"]`);
}

test.describe("what users see is true", () => {
  test("the demo's preprocess.py is highlighted as code after its one-line docstring", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto("/models/churn-demo");
    await page.getByRole("link", { name: "preprocess.py" }).first().click();
    const code = page.getByTestId("code-view");
    const docstring = code.locator('[data-line="1"] span').filter({ hasText: "Legacy preprocessing" });
    const keyword = code.locator('[data-line="2"] span').filter({ hasText: /^import$/ });
    await expect(keyword).toBeVisible();
    expect(await colour(keyword)).not.toBe(await colour(docstring));
    const def = code.locator("span").filter({ hasText: /^def$/ }).first();
    expect(await colour(def)).toBe(await colour(keyword));
    await context.close();
  });

  test("the dashboard's runs per day give each outcome its own colour, named in a legend", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto("/");
    const legend = page.getByRole("list", { name: /Legend of Finished runs per day/ });
    await expect(legend.getByRole("listitem")).toHaveText([/^Succeeded: \d+$/, /^Succeeded with failed steps: \d+$/, /^Failed: \d+$/, /^Timed out: \d+$/, /^Stopped: \d+$/]);
    const swatches = await legend.locator("span[aria-hidden]").evaluateAll((all) => all.map((s) => getComputedStyle(s).backgroundColor));
    expect(new Set(swatches).size).toBe(5);
    await expect(page.locator('svg[role="img"][aria-label^="Finished runs per day by outcome"]')).toBeVisible();
    await context.close();
  });

  test("the models list's toolbar runs and exports the selection", async ({ browser }) => {
    test.setTimeout(90_000);
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto("/models?q=churn-demo");
    await page.getByRole("checkbox", { name: "Select churn-demo" }).check();
    const toolbar = page.getByRole("toolbar", { name: "Bulk actions" });
    await expect(toolbar).toContainText("1 selected");

    const download = page.waitForEvent("download");
    await toolbar.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^ferry-models-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await file.path(), "utf8");
    expect(csv.split("\r\n")[0]).toBe("slug,display_name,team,owner,status,tags,image,updated_at");
    expect(csv).toContain("churn-demo,");

    page.once("dialog", (dialog) => void dialog.accept());
    await toolbar.getByRole("button", { name: "Run selected" }).click();
    const started = toolbar.getByRole("list", { name: "Run results" }).getByRole("link", { name: "started" });
    await expect(started).toBeVisible({ timeout: 30_000 });
    await started.click();
    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
    await context.close();
  });

  test("New pipeline keeps the typed description, and the editor asks before an in-app link drops edits", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.mlops.email);
    const name = `e2e-truth-${randomBytes(4).toString("hex")}`;
    await page.goto("/pipelines/new");
    await page.getByLabel("Pipeline name").fill(name);
    await page.getByLabel("Description").fill("Scores the nightly churn file");
    await page.getByRole("button", { name: "Create pipeline" }).click();
    await expect(page).toHaveURL(/\/pipelines\/[0-9a-f-]{36}$/);
    const editor = page.url();
    const description = page.getByRole("textbox", { name: "Description" });
    await expect(description).toHaveValue("Scores the nightly churn file");

    // Clean: links just go.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
    await expect(page).toHaveURL(/\/runs$/);
    await page.goto(editor);

    await description.fill("Edited, not saved");
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipelines" }).click();
    await expect.poll(() => asked).toEqual(["This pipeline has unsaved changes. Leave and lose them?"]);
    await expect(page).toHaveURL(editor);
    await expect(description).toHaveValue("Edited, not saved");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipelines" }).click();
    await expect(page).toHaveURL(/\/pipelines$/);
    await context.close();
  });

  test("a refused field is marked at the field with its message, summarised on top, and the toast keeps off the user menu", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto("/models/new");
    const form = page.getByRole("form", { name: "New model" });
    await form.getByLabel("Name (slug)").fill("Bad Slug!");
    await form.getByLabel("Display name").fill("Bad slug");
    await form.getByLabel("Team").fill("risk");
    await form.getByRole("button", { name: "Create model" }).click();

    const slug = form.getByLabel("Name (slug)");
    await expect(slug).toHaveAttribute("aria-invalid", "true");
    await expect(slug).toHaveAccessibleDescription(/Slug may use lower-case letters, digits and inner hyphens only/);
    await expect(form.getByLabel("Team")).not.toHaveAttribute("aria-invalid", "true");
    const summary = form.locator("[data-form-errors]");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("Please correct this field.");
    await summary.getByRole("link", { name: /^Name \(slug\): Slug may use/ }).click();
    await expect(slug).toBeFocused();

    const error = toast(page, "error");
    await expect(error).toBeVisible();
    const [toastBox, userBox, viewport] = [await error.boundingBox(), await page.getByTestId("current-user").boundingBox(), page.viewportSize()];
    expect(toastBox && viewport && toastBox.y > viewport.height / 2).toBe(true);
    expect(toastBox && userBox && toastBox.y > userBox.y + userBox.height).toBe(true);

    // Fixed and sent again: the marks go.
    await slug.fill(`truth-${randomBytes(3).toString("hex")}`);
    await form.getByRole("button", { name: "Create model" }).click();
    await expect(page).toHaveURL(/\/models\/truth-[0-9a-f]{6}$/);
    await context.close();
  });

  test("a form in another area gets the same field marks with no wiring (Admin → Add a user)", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.admin.email);
    await page.goto("/admin");
    await submitNewUser(page, { email: uniqueEmail("marks"), name: "<b>bold</b>", password: "a-good-password" });
    const form = page.getByRole("form", { name: "Add a user" });
    await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Name")).toHaveAccessibleDescription(/Name cannot contain < or >/);
    await expect(form.getByLabel("Email")).not.toHaveAttribute("aria-invalid", "true");
    await context.close();
  });
});

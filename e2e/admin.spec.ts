import { expect, test, type Page } from "@playwright/test";
import { DEMO, roleCheckbox, signedInContext, signInWithForm, submitNewUser, uniqueEmail } from "./support";

/** The toasts sonner shows for action results (useAction). */
function toast(page: Page, type: "success" | "error") {
  return page.locator(`[data-sonner-toast][data-type="${type}"]`);
}

test.describe("Admin → Users", () => {
  let page: Page;
  let close: () => Promise<void>;

  test.beforeEach(async ({ browser }) => {
    const admin = await signedInContext(browser, DEMO.admin.email);
    page = admin.page;
    close = () => admin.context.close();
    await page.goto("/admin");
    await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
  });

  test.afterEach(async () => {
    await close();
  });

  test("lists the demo users with their roles", async () => {
    for (const account of Object.values(DEMO)) await expect(page.getByTestId(`user-row-${account.email}`)).toBeVisible();
    await expect(roleCheckbox(page, "Admin", DEMO.admin.email)).toBeChecked();
    await expect(roleCheckbox(page, "Data scientist", DEMO.ds.email)).toBeChecked();
    await expect(roleCheckbox(page, "Admin", DEMO.ds.email)).not.toBeChecked();
    await expect(page.getByTestId(`user-row-${DEMO.admin.email}`).getByRole("button")).toBeDisabled();
  });

  test("creates a user: success toast, new row, empty form", async () => {
    const email = uniqueEmail("new");
    await submitNewUser(page, { email, name: "Nora New", password: "a-good-password", roles: ["Data scientist"] });
    await expect(toast(page, "success")).toContainText(`Created ${email}`);
    const row = page.getByTestId(`user-row-${email}`);
    await expect(row).toContainText("Nora New");
    await expect(roleCheckbox(page, "Data scientist", email)).toBeChecked();
    await expect(roleCheckbox(page, "Admin", email)).not.toBeChecked();
    await expect(page.getByRole("form", { name: "Add a user" }).getByLabel("Email")).toHaveValue("");
  });

  test("HTML in the name is refused with the server's message and adds no row", async () => {
    const email = uniqueEmail("html");
    await submitNewUser(page, { email, name: "<script>alert(1)</script>", password: "a-good-password" });
    await expect(toast(page, "error")).toContainText("Please correct the input. name: Name cannot contain < or >");
    await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);
  });

  test("a short password is stopped by the browser, and by the server when the browser check is bypassed", async () => {
    const email = uniqueEmail("short");
    const form = page.getByRole("form", { name: "Add a user" });
    let actionCalls = 0;
    page.on("request", (request) => {
      if (request.method() === "POST" && request.headers()["next-action"]) actionCalls += 1;
    });
    await submitNewUser(page, { email, name: "Short Password", password: "short" });
    const tooShort = await form.getByLabel("Initial password (10+ characters)").evaluate((input) => (input as HTMLInputElement).validity.tooShort);
    expect(tooShort).toBe(true);
    expect(actionCalls).toBe(0);

    // As a hand-crafted request would: skip the browser's constraint validation.
    await form.evaluate((element) => {
      (element as HTMLFormElement).noValidate = true;
    });
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(toast(page, "error")).toContainText("Please correct the input. password: Password must be at least 10 characters");
    expect(actionCalls).toBe(1);
    await page.reload();
    await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);
  });

  test("an email that is already taken is refused and adds no second row", async () => {
    await submitNewUser(page, { email: DEMO.ds.email, name: "Impostor", password: "a-good-password", roles: ["Admin"] });
    await expect(toast(page, "error")).toContainText("already");
    await page.reload();
    await expect(page.getByTestId(`user-row-${DEMO.ds.email}`)).toHaveCount(1);
    await expect(page.getByTestId(`user-row-${DEMO.ds.email}`)).not.toContainText("Impostor");
    await expect(roleCheckbox(page, "Admin", DEMO.ds.email)).not.toBeChecked();
  });

  test("granting a role sticks after a reload", async () => {
    const email = uniqueEmail("grant");
    await submitNewUser(page, { email, name: "Gina Grant", password: "a-good-password" });
    await expect(page.getByTestId(`user-row-${email}`)).toBeVisible();
    await expect(roleCheckbox(page, "MLOps engineer", email)).not.toBeChecked();

    // click, not check(): the checkbox is controlled by server data and only flips once the action has answered.
    await roleCheckbox(page, "MLOps engineer", email).click();
    await expect(toast(page, "success").filter({ hasText: `Roles of ${email} updated` })).toBeVisible();
    await expect(roleCheckbox(page, "MLOps engineer", email)).toBeChecked();
    await page.reload();
    await expect(roleCheckbox(page, "MLOps engineer", email)).toBeChecked();
    await expect(roleCheckbox(page, "Admin", email)).not.toBeChecked();
  });

  test("the last admin cannot remove their own admin role", async () => {
    await roleCheckbox(page, "Admin", DEMO.admin.email).click();
    await expect(toast(page, "error")).toContainText("You cannot remove admin rights from yourself: Ferry needs at least one enabled admin.");
    await page.reload();
    await expect(roleCheckbox(page, "Admin", DEMO.admin.email)).toBeChecked();
  });

  test("a disabled user can no longer sign in", async ({ browser }) => {
    const email = uniqueEmail("disable");
    const password = "a-good-password";
    await submitNewUser(page, { email, name: "Dee Disabled", password, roles: ["Data scientist"] });
    const row = page.getByTestId(`user-row-${email}`);
    await expect(row).toBeVisible();

    // Signed in before being disabled: the session must stop working.
    const victim = await signedInContext(browser, email, password);
    await victim.page.goto("/");
    await expect(victim.page.getByTestId("current-roles")).toHaveText("Data scientist");

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(toast(page, "success").filter({ hasText: `${email} disabled` })).toBeVisible();
    await expect(row.getByText("Disabled", { exact: true })).toBeVisible();
    await expect(row.getByRole("button", { name: "Enable" })).toBeVisible();

    await victim.page.goto("/");
    await expect(victim.page).toHaveURL(/\/sign-in$/);
    const retry = await signInWithForm(victim.page, email, password);
    expect(retry.status()).not.toBe(200);
    await expect(victim.page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password, or the account is disabled.");
    await victim.context.close();
  });
});

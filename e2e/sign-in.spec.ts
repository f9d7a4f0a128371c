import { expect, test } from "@playwright/test";
import { BASE_URL, DEMO, DEMO_PASSWORD, signIn, signInWithForm } from "./support";

test.describe("sign-in", () => {
  test("an anonymous visitor is sent to the sign-in page, which lists the demo accounts", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(`${BASE_URL}/sign-in`);
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    const demo = page.getByRole("region", { name: "Demo accounts" });
    for (const account of Object.values(DEMO)) await expect(demo).toContainText(account.email);
    await expect(demo).toContainText(DEMO_PASSWORD);

    await page.goto("/admin");
    await expect(page).toHaveURL(`${BASE_URL}/sign-in`);
  });

  for (const [key, account] of Object.entries(DEMO)) {
    test(`the ${key} demo user signs in and sees their role`, async ({ page }) => {
      await signIn(page, account.email);
      await expect(page.getByTestId("current-roles")).toHaveText(account.roles);
      await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
      const adminLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" });
      await expect(adminLink).toHaveCount(key === "admin" ? 1 : 0);
      // Signed in, the sign-in page sends you on to the dashboard.
      await page.goto("/sign-in");
      await expect(page).toHaveURL(`${BASE_URL}/`);
    });
  }

  test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
    const response = await signInWithForm(page, DEMO.admin.email, "not-the-password");
    expect(response.status()).toBe(401);
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password, or the account is disabled.");
    await expect(page).toHaveURL(`${BASE_URL}/sign-in`);
    await page.goto("/");
    await expect(page).toHaveURL(`${BASE_URL}/sign-in`);
  });

  test("an unknown email gets the same message as a wrong password", async ({ page }) => {
    const response = await signInWithForm(page, "nobody@ferry.local", DEMO_PASSWORD);
    expect(response.status()).toBe(401);
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password, or the account is disabled.");
  });

  test("sign-out ends the session", async ({ page }) => {
    await signIn(page, DEMO.mlops.email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${BASE_URL}/sign-in`);
    await page.goto("/");
    await expect(page).toHaveURL(`${BASE_URL}/sign-in`);
    const session = await page.request.get("/api/auth/get-session");
    expect(await session.json()).toBeNull();
  });
});
